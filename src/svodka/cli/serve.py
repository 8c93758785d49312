"""`svodka serve`: the archive's pages and HTTP API (web/pages.py, web/api.py) under uvicorn."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from . import app
from ..store.postgres import safe_url
from .archive import DB_OPTION, _err, _open


@app.command(epilog=(
    "Examples:\n\n  svodka serve --db news.db\n\n"
    "  SVODKA_TOKEN=s3cret svodka serve --db news.db   (POST /api/articles on, with that bearer token)"
))
def serve(
    db: str = DB_OPTION,
    host: str = typer.Option("127.0.0.1", help="Address to listen on; 0.0.0.0 opens it to the network."),
    port: int = typer.Option(8000, min=1, max=65535),
    token: str = typer.Option(None, "--token", envvar="SVODKA_TOKEN", show_default=False,
                              help="Bearer token that turns on POST /api/articles (better given as "
                                   "SVODKA_TOKEN: a command line is visible to other users)."),
) -> None:
    """Serve the archive in a browser (pages at /) and as a JSON API (articles, quotes, entities, search;
    docs at /docs).

    A [bold]svodka ingest[/bold] into the same archive while it runs shows up on the next request."""
    import uvicorn

    from ..web import create_app
    from .knowledge import run_knowledge

    err = _err()
    token = token or None
    if "://" not in db and not Path(db).exists() and token is None:
        err.print("[red]error[/red] " + escape(f"no archive at {db}; build one with: svodka ingest SOURCE… --db {db} "
                                               "(or give --token to ingest over HTTP into a new one)"))
        raise typer.Exit(2)
    # opened once here so that a file that is not an archive stops the server now, and an upgrade of an old
    # one runs (with its note) before the first request
    _open(db, must_exist=False).close()
    application = create_app(db, token=token, knowledge=run_knowledge())
    where = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    err.print(f"svodka serves {escape(safe_url(db))} at {where}/  (API docs: {where}/docs; writing "
              + ("on: POST /api/articles with the bearer token)" if token else "off: no --token)"))
    uvicorn.run(application, host=host, port=port, log_level="info")
