"""Static checks: read the submission's source with ``ast``, never execute it."""
