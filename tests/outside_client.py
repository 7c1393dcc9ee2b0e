"""A user of the running Odoo, as the outside-in tests drive it: XML-RPC and a web session."""

import http.cookiejar
import json
import urllib.request
import xmlrpc.client

import pytest


class Client:
    """``login`` logged in over XML-RPC and in a web session (password = login by default)."""

    def __init__(self, server, login, password=None):
        self.url, self.db, self.login = server["url"], server["db"], login
        self.password = password or login
        common = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common")
        self.uid = common.authenticate(self.db, login, self.password, {})
        assert self.uid, f"{login} cannot log in"
        self.models = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object", allow_none=True)
        self.http = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.json_rpc(
            "/web/session/authenticate",
            {"db": self.db, "login": login, "password": self.password},
        )

    def __call__(self, model, method, *args, **kwargs):
        return self.models.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )

    def get(self, path):
        """The body of ``path`` fetched in the web session, as the browser gets it."""
        with self.http.open(f"{self.url}{path}") as response:
            return response.read()

    def json_rpc(self, path, params):
        """The result of a JSON-RPC call of the web client to ``path``."""
        body = {"jsonrpc": "2.0", "method": "call", "params": params}
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with self.http.open(request) as response:
            answer = json.load(response)
        assert "error" not in answer, answer["error"]
        return answer["result"]

    def button(self, model, method, record_ids):
        """The action a button of the web client returns (JSON: it may hold null values)."""
        return self.json_rpc(
            f"/web/dataset/call_button/{model}/{method}",
            {"model": model, "method": method, "args": [record_ids], "kwargs": {}},
        )

    def refused(self, match, model, method, *args, **kwargs):
        """Call as an attacker would; the server must refuse with ``match`` in its message."""
        with pytest.raises(xmlrpc.client.Fault, match=match) as refusal:
            self(model, method, *args, **kwargs)
        assert refusal.value.faultCode in (2, 4), refusal.value

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        [data] = self(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["res_id"],
        )
        return data["res_id"]

    def employee_id(self):
        [me] = self("res.users", "read", [self.uid], fields=["employee_id"])
        return me["employee_id"][0]
