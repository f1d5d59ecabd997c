"""Given: the chat's users and their fixed tokens. Do not change this file."""

USERS: dict[str, str] = {
    "token-alice": "alice",
    "token-bob": "bob",
    "token-carol": "carol",
    "token-dave": "dave",
    "token-erin": "erin",
    "token-frank": "frank",
}


def user_for_token(token: str | None) -> str | None:
    """The username owning ``token``, or None for a missing or unknown token."""
    if not token:
        return None
    return USERS.get(token)
