// Drives a live django-frappe-web site with frappe-js-sdk, as a Frappe front end would, without changes.
// Usage: FRAPPE_URL=http://127.0.0.1:8000 FRAPPE_TOKEN=<api_key>:<api_secret> node check.js
//    or: FRAPPE_TOKEN_TYPE=Bearer FRAPPE_TOKEN=<OAuth2 access token> node check.js
// Prints one JSON object: what each call returned (or the error it raised); the test asserts on it.
"use strict";

const { FrappeApp } = require("frappe-js-sdk");

const app = new FrappeApp(process.env.FRAPPE_URL, {
  useToken: true,
  type: process.env.FRAPPE_TOKEN_TYPE || "token",
  token: () => process.env.FRAPPE_TOKEN,
});
const db = app.db();
const call = app.call();

function failure(error) {
  return { httpStatus: error.httpStatus, exc_type: error.exc_type, exception: error.exception };
}

async function main() {
  const out = {};
  out.list = await db.getDocList("Article", {
    fields: ["name", "title", "views", "category"],
    filters: [["views", ">", 5]],
    orderBy: { field: "views", order: "desc" },
    limit: 2,
  });
  out.listAll = await db.getDocList("Article");
  out.listAsLists = await db.getDocList("Article", { fields: ["name"], orderBy: { field: "name" }, asDict: false, limit_start: 1, limit: 2 });
  out.created = await db.createDoc("Article", { title: "From JS", slug: "from-js", category: "News", views: 3 });
  out.fetched = await db.getDoc("Article", "from-js");
  out.updated = await db.updateDoc("Article", "from-js", { title: "Updated from JS" });
  out.count = await db.getCount("Article", [["published", "=", 1]]);
  out.countAll = await db.getCount("Article");
  out.value = await db.getValue("Article", "title", [["name", "=", "from-js"]]);
  out.callGet = await call.get("tests.testapp.api.ping_guest", { value: "from get" });
  out.callPost = await call.post("tests.testapp.api.ping_guest", { value: { nested: [1, 2] } });
  out.user = await app.auth().getLoggedInUser();
  const upload = new File(["hello from frappe-js-sdk"], "sdk-notes.txt", { type: "text/plain" });
  out.upload = await app
    .file()
    .uploadFile(upload, { isPrivate: true, doctype: "Article", docname: "a1", fieldname: "body" })
    .then((response) => response.data, failure);
  out.deleted = await db.deleteDoc("Article", "from-js");
  out.missing = await db.getDoc("Article", "from-js").then(() => "found", failure);
  out.duplicate = await db.createDoc("Article", { title: "Again", slug: "a1" }).then(() => "created", failure);
  out.notWhitelisted = await call.get("tests.testapp.api.not_whitelisted").then(() => "called", failure);
  // A document method (Category.headline, whitelisted for GET), and a model method that is not whitelisted.
  out.docMethod = await call.get("run_doc_method", { dt: "Category", dn: "News", method: "headline" });
  out.docMethodRefused = await call
    .post("run_doc_method", { dt: "Category", dn: "News", method: "delete", args: {} })
    .then(() => "called", failure);
  console.log(JSON.stringify(out));
}

main().catch((error) => {
  console.error(JSON.stringify(failure(error)), error && error.message);
  process.exit(1);
});
