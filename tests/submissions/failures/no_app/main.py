"""Names its application `application`, not `app`."""

from fastapi import FastAPI

application = FastAPI()
