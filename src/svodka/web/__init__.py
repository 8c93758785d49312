"""`svodka serve`: the archive over HTTP. `api.py` is the JSON API and the app factory; `pages.py` the
server-rendered pages (templates/, static/), each with its JSON twin."""
from .api import create_app

__all__ = ["create_app"]
