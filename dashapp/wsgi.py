"""WSGI entry point for gunicorn: `gunicorn dashapp.wsgi:server` (settings from the environment)."""
from dashapp.app import create_app, set_up_before_forking

app = set_up_before_forking(create_app())
server = app.server
