// A typed client of the shop's public API: every path, parameter and body is checked against
// the API's OpenAPI document by the compiler (the types in schema.d.ts are generated from it).
import createClient, { type Client } from "openapi-fetch";

import type { components, paths } from "./schema";

export type { components, paths };
export type Product = components["schemas"]["ProductOut"];
export type ProductPage = components["schemas"]["ProductPage"];
export type Order = components["schemas"]["OrderOut"];
export type OrderPage = components["schemas"]["OrderPage"];
export type PlaceOrderIn = components["schemas"]["PlaceOrderIn"];
export type Problem = components["schemas"]["Problem"];
export type PublicApiClient = Client<paths>;

/** A client of the API at `baseUrl`, signed in when given a bearer token. */
export function createPublicApiClient(baseUrl: string, token?: string): PublicApiClient {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  return createClient<paths>({ baseUrl, headers });
}
