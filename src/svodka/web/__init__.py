"""`svodka serve`: the archive over HTTP. `api.py` is the JSON API; the HTML pages are yet to come."""
from .api import create_app

__all__ = ["create_app"]
