"""Helpers of the civil-registry tests: a handle on the running server."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

API_KEY = "uji-kunci-civreg"
# The verdict on an unaltered record, by its status in the extract.
EXPECTED = {"hidup": "padan", "meninggal": "meninggal", "pindah": "pindah"}


@dataclass
class Civreg:
    url: str
    data: Path
    persons: list[dict[str, str]]

    def call(self, method: str, path: str, body: Any = None, key: str | None = API_KEY) -> Any:
        """(status, JSON body) of one request."""
        data = body if isinstance(body, bytes) else None if body is None else json.dumps(body)
        request = urllib.request.Request(
            self.url + path,
            data=data.encode() if isinstance(data, str) else data,
            method=method,
            headers={"X-API-Key": key} if key is not None else {},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def faults(self, **values: Any) -> None:
        assert self.call("POST", "/v1/_faults", values)[0] == 200

    def stats(self) -> dict[str, Any]:
        status, body = self.call("GET", "/v1/_stats")
        assert status == 200
        return dict(body)
