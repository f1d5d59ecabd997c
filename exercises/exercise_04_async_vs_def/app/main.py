"""Market-data service. README.md has the exact contract to implement."""

from fastapi import FastAPI

from . import services  # noqa: F401  (the work your endpoints call; do not edit it)

app = FastAPI(title="Market data service")

# TODO: GET /health            -> {"status": "ok"}                     (README.md)
# TODO: GET /reports/{report_id} -> the report from services.fetch_report
# TODO: GET /quotes/{symbol}   -> the quote from services.fetch_quote
# TODO: GET /primes?limit=N    -> {"limit": N, "count": services.count_primes(N)}
#
# Read "Under load" in README.md before you write them: the hidden tests send
# concurrent requests and time them.
