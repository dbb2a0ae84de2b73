"""A test-only stand-in for frappe-client (Python): the same requests, byte for byte, as its ``FrappeClient``.

Mirrors frappe/frappe-client ``frappeclient/frappeclient.py`` (master). That module is not
installed from PyPI because no working release is there: PyPI's ``frappe-client`` 0.1.0.dev0
is a third party's copy of an older master, and both fail on Python 3 before sending some of
their requests (``insert_many`` calls an undefined ``frappe.as_json``; ``get_pdf`` and
``get_html`` write the response's bytes into a ``StringIO``). This client sends what those
methods mean to send (the docs as JSON text; the file read as bytes) and everything else
exactly as upstream does: same URLs (the site root with ``cmd=`` for the RPC calls, the
trailing slash of ``get_api``/``post_api``), same verbs, same form or query encoding, same
handling of the answer (``exc`` raises; ``message``, else ``data``, is returned).
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote

import requests


class AuthError(Exception):
    pass


class FrappeException(Exception):
    pass


class FrappeClient:
    def __init__(self, url: str, username: str | None = None, password: str | None = None,
                 api_key: str | None = None, api_secret: str | None = None, verify: bool = True):
        self.headers = {"Accept": "application/json"}
        self.session = requests.Session()
        self.verify = verify
        self.url = url
        if username and password:
            self.login(username, password)
        if api_key and api_secret:
            self.authenticate(api_key, api_secret)

    def __enter__(self) -> FrappeClient:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.logout()

    # -- authentication: a form POST of cmd=login to the site root, Basic for API keys ----------

    def login(self, username: str, password: str) -> dict:
        response = self.session.post(self.url, data={"cmd": "login", "usr": username, "pwd": password},
                                     verify=self.verify, headers=self.headers)
        if response.json().get("message") != "Logged In":
            raise AuthError
        return response.json()

    def authenticate(self, api_key: str, api_secret: str) -> None:
        token = base64.b64encode(f"{api_key}:{api_secret}".encode()).decode()
        self.session.headers.update({"Authorization": f"Basic {token}"})

    def logout(self) -> None:
        self.session.get(self.url, params={"cmd": "logout"})

    # -- /api/resource ------------------------------------------------------------------------

    def get_list(self, doctype: str, fields: Any = ("*",), filters: Any = None, limit_start: int = 0,
                 limit_page_length: int = 0, order_by: str | None = None) -> Any:
        params = {"fields": fields if isinstance(fields, str) else json.dumps(list(fields))}
        if filters:
            params["filters"] = json.dumps(filters)
        if limit_page_length:
            params["limit_start"] = limit_start
            params["limit_page_length"] = limit_page_length
        if order_by:
            params["order_by"] = order_by
        response = self.session.get(f"{self.url}/api/resource/{doctype}", params=params, verify=self.verify,
                                    headers=self.headers)
        return self.post_process(response)

    def insert(self, doc: dict) -> Any:
        response = self.session.post(f"{self.url}/api/resource/{quote(doc.get('doctype'))}",
                                     data={"data": json.dumps(doc)})
        return self.post_process(response)

    def update(self, doc: dict) -> Any:
        url = f"{self.url}/api/resource/{quote(doc.get('doctype'))}/{quote(doc.get('name'))}"
        return self.post_process(self.session.put(url, data={"data": json.dumps(doc)}))

    def get_doc(self, doctype: str, name: str = "", filters: Any = None, fields: Any = None) -> Any:
        params = {}
        if filters:
            params["filters"] = json.dumps(filters)
        if fields:
            params["fields"] = json.dumps(fields)
        return self.post_process(self.session.get(f"{self.url}/api/resource/{doctype}/{name}", params=params))

    # -- frappe.client.* through cmd= at the site root ----------------------------------------

    def insert_many(self, docs: list) -> Any:
        return self.post_request({"cmd": "frappe.client.insert_many", "docs": json.dumps(docs)})

    def bulk_update(self, docs: list) -> Any:
        return self.post_request({"cmd": "frappe.client.bulk_update", "docs": json.dumps(docs)})

    def delete(self, doctype: str, name: str) -> Any:
        return self.post_request({"cmd": "frappe.client.delete", "doctype": doctype, "name": name})

    def submit(self, doclist: Any) -> Any:
        return self.post_request({"cmd": "frappe.client.submit", "doclist": json.dumps(doclist)})

    def cancel(self, doctype: str, name: str) -> Any:
        return self.post_request({"cmd": "frappe.client.cancel", "doctype": doctype, "name": name})

    def get_value(self, doctype: str, fieldname: str | None = None, filters: Any = None) -> Any:
        return self.get_request({"cmd": "frappe.client.get_value", "doctype": doctype,
                                 "fieldname": fieldname or "name", "filters": json.dumps(filters)})

    def set_value(self, doctype: str, docname: str, fieldname: str, value: Any) -> Any:
        return self.post_request({"cmd": "frappe.client.set_value", "doctype": doctype, "name": docname,
                                  "fieldname": fieldname, "value": value})

    def rename_doc(self, doctype: str, old_name: str, new_name: str) -> Any:
        return self.post_request({"cmd": "frappe.client.rename_doc", "doctype": doctype, "old_name": old_name,
                                  "new_name": new_name})

    # -- printing -------------------------------------------------------------------------------

    def get_pdf(self, doctype: str, name: str, print_format: str = "Standard", letterhead: bool = True) -> Any:
        params = {"doctype": doctype, "name": name, "format": print_format, "no_letterhead": int(not letterhead)}
        response = self.session.get(f"{self.url}/api/method/frappe.templates.pages.print.download_pdf",
                                    params=params, stream=True)
        return self.post_process_file_stream(response)

    def get_html(self, doctype: str, name: str, print_format: str = "Standard", letterhead: bool = True) -> Any:
        params = {"doctype": doctype, "name": name, "format": print_format, "no_letterhead": int(not letterhead)}
        return self.post_process_file_stream(self.session.get(f"{self.url}/print", params=params, stream=True))

    # -- any whitelisted method -----------------------------------------------------------------

    def get_api(self, method: str, params: dict | None = None) -> Any:
        return self.post_process(self.session.get(f"{self.url}/api/method/{method}/", params=params or {}))

    def post_api(self, method: str, params: dict | None = None) -> Any:
        return self.post_process(self.session.post(f"{self.url}/api/method/{method}/", params=params or {}))

    def get_request(self, params: dict) -> Any:
        return self.post_process(self.session.get(self.url, params=self.preprocess(params)))

    def post_request(self, data: dict) -> Any:
        return self.post_process(self.session.post(self.url, data=self.preprocess(data)))

    @staticmethod
    def preprocess(params: dict) -> dict:
        return {key: json.dumps(value) if isinstance(value, (dict, list)) else value for key, value in params.items()}

    @staticmethod
    def post_process(response: requests.Response) -> Any:
        body = response.json()
        if body and body.get("exc"):
            raise FrappeException(body["exc"])
        if "message" in body:
            return body["message"]
        return body.get("data")

    def post_process_file_stream(self, response: requests.Response) -> Any:
        if response.ok:
            return b"".join(response.iter_content(1024))
        return self.post_process(response)
