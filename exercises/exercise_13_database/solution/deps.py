"""The session dependency: one Session per request, rolled back on error, always closed."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from .database import Database


def get_db(request: Request) -> Iterator[Session]:
    database: Database = request.app.state.db
    with database.session() as session:  # the with block closes it, whatever happens
        try:
            yield session
        except Exception:
            session.rollback()  # an HTTPException, a 422, an IntegrityError...
            raise


# scope="function": the session is closed (its connection back in the pool) as
# soon as the response is built, not after it has been sent.
SessionDep = Annotated[Session, Depends(get_db, scope="function")]
