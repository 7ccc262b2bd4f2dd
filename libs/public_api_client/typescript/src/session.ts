// The README's session in TypeScript: sign in, find a product, place an order, retry it safely.
// Compiled in `make check`: a change to the API that breaks this code fails the build.
import { createPublicApiClient, type Order, type Problem } from "./index";

export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const { data, error } = await createPublicApiClient(baseUrl).POST("/v1/auth/token", {
    body: { username: email, password },
    bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  if (error) throw new Error(`sign-in refused: ${(error as Problem).detail}`);
  return data.access_token;
}

export async function orderTwoMugs(baseUrl: string, token: string): Promise<Order> {
  const client = createPublicApiClient(baseUrl, token);
  const products = await client.GET("/v1/products", { params: { query: { q: "mug", limit: 1 } } });
  const mug = products.data?.items[0];
  if (!mug) throw new Error("no mug in the catalogue");
  const key = crypto.randomUUID(); // the same key on a retry: the order is placed once
  const placed = await client.POST("/v1/orders", {
    params: { header: { "Idempotency-Key": key } },
    body: { lines: [{ product_id: mug.id, quantity: 2 }] },
  });
  if (placed.error) throw new Error(`${placed.error.title}: ${placed.error.detail}`);
  return placed.data;
}
