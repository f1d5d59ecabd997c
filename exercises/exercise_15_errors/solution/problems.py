"""RFC 9457 problem details: one envelope for every error the app answers."""

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, computed_field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .store import DuplicateReference, OrderNotFound

UNEXPECTED = "An unexpected error occurred"
VALIDATION_FAILED = "Request validation failed"


class ProblemResponse(JSONResponse):
    media_type = "application/problem+json"


class Problem(BaseModel):
    """An error, as RFC 9457 problem details."""

    type: str = "about:blank"
    status: int
    detail: str
    instance: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def title(self) -> str:
        # With type "about:blank" the title is the status code's phrase.
        return HTTPStatus(self.status).phrase


class ValidationErrorItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationProblem(Problem):
    """A 422: the problem plus what failed where (never the input itself)."""

    errors: list[ValidationErrorItem]


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> ProblemResponse:
    return ProblemResponse(problem.model_dump(mode="json"), problem.status, headers)


def documented(*codes: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for routes: each status documented with its envelope."""
    return {
        code: {
            "model": ValidationProblem
            if code == status.HTTP_422_UNPROCESSABLE_CONTENT
            else Problem,
            "description": HTTPStatus(code).phrase,
        }
        for code in codes
    }


async def http_error(request: Request, exc: StarletteHTTPException) -> ProblemResponse:
    # Registered for Starlette's HTTPException: FastAPI's is a subclass, and the
    # router raises Starlette's for unknown paths (404) and methods (405).
    problem = Problem(status=exc.status_code, detail=str(exc.detail), instance=request.url.path)
    return problem_response(problem, exc.headers)


async def validation_error(request: Request, exc: RequestValidationError) -> ProblemResponse:
    problem = ValidationProblem(
        status=status.HTTP_422_UNPROCESSABLE_CONTENT,
        detail=VALIDATION_FAILED,
        instance=request.url.path,
        errors=[
            ValidationErrorItem(loc=list(error["loc"]), msg=error["msg"], type=error["type"])
            for error in exc.errors()
        ],
    )
    return problem_response(problem)


async def order_not_found(request: Request, exc: OrderNotFound) -> ProblemResponse:
    detail = f"Order {exc.order_id} not found"
    problem = Problem(status=status.HTTP_404_NOT_FOUND, detail=detail, instance=request.url.path)
    return problem_response(problem)


async def duplicate_reference(request: Request, exc: DuplicateReference) -> ProblemResponse:
    detail = f"An order with reference '{exc.reference}' already exists"
    problem = Problem(status=status.HTTP_409_CONFLICT, detail=detail, instance=request.url.path)
    return problem_response(problem)


async def unexpected_error(request: Request, exc: Exception) -> ProblemResponse:
    # Runs in Starlette's ServerErrorMiddleware, which re-raises the exception
    # once this response is sent: uvicorn logs it with its traceback. Logging it
    # here as well would only print the traceback twice. The body says nothing
    # of the exception: its message may hold credentials or internal URLs.
    problem = Problem(
        status=status.HTTP_500_INTERNAL_SERVER_ERROR, detail=UNEXPECTED, instance=request.url.path
    )
    return problem_response(problem)


def install_problem_handlers(app: FastAPI) -> None:
    """Every error, wherever it is raised (route, dependency, router), as a problem."""
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(OrderNotFound, order_not_found)
    app.add_exception_handler(DuplicateReference, duplicate_reference)
    app.add_exception_handler(Exception, unexpected_error)
