// Uses the output of `manage.py api_types` (written next to this file as api-types.ts by
// tests/api/test_api_types.py) through frappe-js-sdk's generics: a wrong type must not compile.
import { FrappeApp } from "frappe-js-sdk";
import type {
  Article, ArticleRequest, Category, DocumentMethodResponse, DocumentMethods, FrappeError, MethodArgs,
  MethodResponse, Methods,
  PaginatedArticleListV2, PatchedArticleRequest, StatusEnum, TestsApiTypedMethodsSearchArgs,
  TestsApiTypedMethodsTotalsResult,
} from "./api-types";

export async function tour(): Promise<string[]> {
  const frappe = new FrappeApp("http://127.0.0.1:8000", { useToken: true, token: () => "key:secret", type: "token" });
  const db = frappe.db();
  const call = frappe.call();

  const article = await db.getDoc<Article>("Article", "a1");
  const title: string = article.title;
  const status: StatusEnum | undefined = article.status;
  const category: string | null | undefined = article.category; // a link: the Category's name
  const views: number | undefined = article.views;

  const draft: ArticleRequest = { title: "New", slug: "new", status: "review", category: "News" };
  const created = await db.createDoc<ArticleRequest>("Article", draft);
  const change: PatchedArticleRequest = { views: 3 };
  await db.updateDoc<PatchedArticleRequest>("Article", created.slug, change);
  const rows = await db.getDocList<Pick<Article, "name" | "title">>("Article", { fields: ["name", "title"] });
  const names: string[] = rows.map((row) => row.name);
  const categories = await db.getDocList<Category>("Category");

  const args: TestsApiTypedMethodsSearchArgs = { query: "x", limit: 5, order: "desc", tags: ["a"] };
  const found = await call.get<MethodResponse<"tests.api.typed_methods.search">>("tests.api.typed_methods.search", args);
  const first: Record<string, unknown> | undefined = found.message[0];
  const totals = await call.post<{ message: TestsApiTypedMethodsTotalsResult }>("tests.api.typed_methods.totals", {
    by: null, flags: [1, 2],
  } satisfies MethodArgs<"tests.api.typed_methods.totals">);
  const count: number = totals.message.count;
  const countArgs: Methods["frappe.client.get_count"]["args"] = { doctype: "Article" };
  const counted: number = (await call.get<MethodResponse<"frappe.client.get_count">>("frappe.client.get_count",
    countArgs)).message;
  const page: PaginatedArticleListV2 = { data: [{ name: "a1" }, ["a1"]], has_next_page: false };
  const error: FrappeError = { exc_type: "ValidationError", exception: "bad" };
  // Document methods: typed arguments and results, by doctype and method name.
  const summaryArgs: DocumentMethods["Ticket"]["summary"]["args"] = { prefix: "> " };
  const summary = await frappe.axios.get<DocumentMethodResponse<"Ticket", "summary">>(
    "/api/v2/document/Ticket/1/method/summary", { params: summaryArgs });
  const summaryText: string = summary.data.data;
  const escalated: number = (await call.post<MethodResponse<"run_doc_method">>("run_doc_method", {
    dt: "Ticket", dn: "1", method: "escalate", args: { levels: 2 } satisfies DocumentMethods["Ticket"]["escalate"]["args"],
  })).message as DocumentMethods["Ticket"]["escalate"]["result"];

  return [title, String(status), String(category), String(views), names.join(), String(categories.length),
          String(first), String(count), String(counted), String(page.has_next_page), error.exc_type,
          summaryText, String(escalated)];
}
