"""Chat rooms over WebSockets. Build what README.md describes.

Given (keep as is): users.py, which maps the fixed tokens to usernames.
Everything else is yours; add modules next to this one if you like
(import them relatively: `from .users import user_for_token`).
"""

from fastapi import FastAPI

app = FastAPI(title="Chat rooms")


# TODO (README.md, "Connecting"): WS /ws/{room}?token=...
#   - a missing or unknown token is refused with close code 1008;
#   - otherwise accept, send {"type": "history", "messages": [...]} first,
#     and tell the others {"type": "join", "user": ...}.

# TODO (README.md, "Frames"): {"type": "message", "text": ...} from a client is
#   broadcast to every member of the room as {"type": "message", "user", "text"};
#   an invalid frame gets {"type": "error", "detail": ...} and the connection
#   stays open.

# TODO (README.md, "Leaving"): when a connection ends, however it ends, the
#   member is removed and the others get {"type": "leave", "user": ...}.

# TODO (README.md, "HTTP"): GET /rooms/{room} -> {"room": ..., "members": [...]}.
