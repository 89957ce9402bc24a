"""The web UI and the JSON API over a stored corpus (``wiredesk serve``).

Pages are rendered on the server with Jinja2 (autoescape on, no script at all); the API under
``/api`` returns the same records the pages show, from the same queries.  Article text is
untrusted: it is only ever inserted as escaped text, and a strict Content-Security-Policy
stops anything that would slip through from running.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from wiredesk.export import EXPORT_MEDIA_TYPES, export_bytes
from wiredesk.records import Claim, LedgerRow, Removal, Repair
from wiredesk.store import connect
from wiredesk.web import queries

HERE = Path(__file__).parent

# No script from anywhere, styles only from this server, nothing framed, forms post here only.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

STORIES_PER_PAGE = 50

HEDGE_MARKS = {
    "asserted": "●",
    "probable": "◕",
    "possible": "◑",
    "alleged": "◌",
    "denied": "✕",
}
VERDICT_MARKS = {"agree": "✓", "consistent": "≈", "conflict": "✗", "single-source": "1"}


def template_environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(hedge_marks=HEDGE_MARKS, verdict_marks=VERDICT_MARKS)
    return environment


def parse_day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name} must be a YYYY-MM-DD date") from None


def story_filter(
    q: str = "",
    date_from: str | None = None,
    date_to: str | None = None,
    entity: str = "",
    publisher: str = "",
) -> queries.StoryFilter:
    return queries.StoryFilter(
        text=q,
        date_from=parse_day(date_from, "date_from"),
        date_to=parse_day(date_to, "date_to"),
        entity=entity,
        publisher=publisher,
    )


@dataclass(slots=True)
class StoryDetail:
    """One story for the API: what the stories list says of it, its articles, its ledger."""

    summary: queries.StorySummary
    articles: list[queries.ArticleSummary]
    ledger: list[LedgerRow]


@dataclass(slots=True)
class ArticleDetail:
    """One article for the API: the clean text with its claims, removals and repairs."""

    article: queries.ArticleSummary
    text: str
    entities: list[str]
    claims: list[Claim]
    removed: list[Removal]
    repairs: list[Repair]


ExportTable = Literal["articles", "claims", "ledger", "stories"]
ExportFormat = Literal["jsonl", "csv", "parquet"]


def api_router(engine: Engine) -> APIRouter:
    api = APIRouter(prefix="/api", tags=["api"])

    @api.get("/stories", summary="Stories, most recent first, with search and filters")
    def stories(
        q: str = "",
        date_from: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
        date_to: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
        entity: str = "",
        publisher: str = "",
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> list[queries.StorySummary]:
        chosen = story_filter(q, date_from, date_to, entity, publisher)
        return queries.list_stories(engine, chosen, limit, offset)

    @api.get("/stories/{story_id:path}", summary="One story: its articles and its ledger rows")
    def story(story_id: str) -> StoryDetail:
        view = queries.get_story(engine, story_id)
        if view is None:
            raise HTTPException(404, "no such story")
        return StoryDetail(view.summary, view.articles, view.rows)

    @api.get("/articles", summary="Articles (without their text), optionally of one story")
    def articles(
        story: str | None = None, publisher: str | None = None
    ) -> list[queries.ArticleSummary]:
        return queries.list_articles(engine, story, publisher)

    @api.get("/articles/{document_id:path}", summary="One article: clean text, claims, removals")
    def article(document_id: str) -> ArticleDetail:
        view = queries.get_article(engine, document_id)
        if view is None:
            raise HTTPException(404, "no such article")
        return ArticleDetail(
            view.article, view.text, view.entities, view.claims, view.removed, view.repairs
        )

    @api.get("/claims", summary="Claims, optionally of one story or one article")
    def claims(story: str | None = None, document: str | None = None) -> list[queries.ClaimRecord]:
        return queries.list_claims(engine, story, document)

    @api.get("/ledger", summary="Ledger rows, optionally of one story")
    def ledger(story: str | None = None) -> list[LedgerRow]:
        return queries.list_ledger(engine, story)

    @api.get(
        "/export/{what}",
        summary="Articles, claims, ledger rows or stories as a JSONL, CSV or Parquet file",
        response_class=Response,
    )
    def export(what: ExportTable, format: ExportFormat = "jsonl", story: str | None = None):
        return Response(
            export_bytes(engine, what, format, story=story),
            media_type=EXPORT_MEDIA_TYPES[format],
            headers={"Content-Disposition": f'attachment; filename="{what}.{format}"'},
        )

    return api


def page_router(engine: Engine, templates: Jinja2Templates) -> APIRouter:
    pages = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

    @pages.get("/")
    def stories_page(
        request: Request,
        q: str = "",
        date_from: str | None = None,
        date_to: str | None = None,
        entity: str = "",
        publisher: str = "",
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> Response:
        chosen = story_filter(q, date_from, date_to, entity, publisher)
        # One extra story tells whether an older page exists.
        found = queries.list_stories(engine, chosen, STORIES_PER_PAGE + 1, offset)
        asked = {
            "q": q,
            "date_from": date_from or "",
            "date_to": date_to or "",
            "entity": entity,
            "publisher": publisher,
        }

        def page_link(at: int) -> str:
            return "/?" + urlencode({k: v for k, v in asked.items() if v} | {"offset": at})

        return templates.TemplateResponse(
            request,
            "stories.html",
            {
                "stories": found[:STORIES_PER_PAGE],
                "filter": chosen,
                "publishers": queries.list_publishers(engine),
                "entity_link": lambda e: "/?" + urlencode({"entity": e}),
                "newer": page_link(max(0, offset - STORIES_PER_PAGE)) if offset else None,
                "older": page_link(offset + STORIES_PER_PAGE)
                if len(found) > STORIES_PER_PAGE
                else None,
            },
        )

    @pages.get("/stories/{story_id:path}")
    def story_page(request: Request, story_id: str) -> Response:
        view = queries.get_story(engine, story_id)
        if view is None:
            raise HTTPException(404, "no such story")
        return templates.TemplateResponse(request, "story.html", {"view": view})

    @pages.get("/articles/{document_id:path}")
    def article_page(request: Request, document_id: str) -> Response:
        view = queries.get_article(engine, document_id)
        if view is None:
            raise HTTPException(404, "no such article")
        return templates.TemplateResponse(
            request,
            "article.html",
            {"view": view, "story_title": queries.story_title(engine, view.article.story)},
        )

    return pages


def create_app(db_url: str) -> FastAPI:
    """The app over the database at ``db_url`` (created empty when missing)."""
    engine = connect(db_url)
    templates = Jinja2Templates(env=template_environment())
    app = FastAPI(
        title="wiredesk",
        summary="Stories, claims and the cross-checked ledger of a wiredesk corpus.",
        # The interactive docs pages load script from a CDN: off (offline, no script).
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.engine = engine

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code)
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": error.status_code, "detail": error.detail},
            status_code=error.status_code,
        )

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api_router(engine))
    app.include_router(page_router(engine, templates))
    return app
