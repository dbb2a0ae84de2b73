// Each line below misuses a generated type: tsc --strict must refuse all five (test_api_types.py).
import type { Article, ArticleRequest, DocumentMethods, TestsApiTypedMethodsSearchArgs, TestsApiTypedMethodsTotalsResult } from "./api-types";

declare const article: Article;
export const views: string = article.views;
export const draft: ArticleRequest = { title: "No slug" };
export const args: TestsApiTypedMethodsSearchArgs = { query: "x", order: "sideways" };
export const label: number = ({} as TestsApiTypedMethodsTotalsResult).label;
export const levels: DocumentMethods["Ticket"]["escalate"]["args"] = { levels: "two" };
