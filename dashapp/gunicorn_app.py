"""Run the app under gunicorn from Python (production mode: no debug, preloaded, several workers)."""
from __future__ import annotations

from gunicorn.app.base import BaseApplication


class _App(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from dashapp.wsgi import server

        return server


def run(host: str, port: int, workers: int, threads: int) -> int:
    """Serve on host:port. `preload_app` loads the code once; each worker reads the store lazily."""
    _App({
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "preload_app": True,
        "timeout": 60,
        "control_socket_disable": True,  # one shared socket per machine otherwise; nothing here uses it
        "accesslog": "-",
        "access_log_format": '%(h)s "%(r)s" %(s)s %(b)s %(M)sms',
    }).run()
    return 0
