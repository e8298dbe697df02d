import { describe, expect, it } from "vitest";
import { hostAllowed, originAllowed } from "./origin.js";

describe("DNS-rebinding protection", () => {
  it("a loopback-bound gateway answers only loopback hosts or its public host", () => {
    const pub = "http://127.0.0.1:8080";
    for (const host of ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "localhost"])
      expect(hostAllowed(host, pub, true)).toBe(true);
    for (const host of ["evil.example.com", "evil.example.com:8080", "127.0.0.1.evil.example", "@@"])
      expect(hostAllowed(host, pub, true)).toBe(false);
    expect(hostAllowed("mcp.acme.example", "https://mcp.acme.example", true)).toBe(true);
    expect(hostAllowed("evil.example.com", pub, false)).toBe(true); // bound elsewhere: names are the proxy's business
  });

  it("accepts no Origin (desktop clients) but only the public origin or the allowlist otherwise", () => {
    const pub = "http://127.0.0.1:8080";
    expect(originAllowed(undefined, pub, [])).toBe(true);
    expect(originAllowed("http://127.0.0.1:8080", pub, [])).toBe(true);
    expect(originAllowed("http://evil.example.com", pub, [])).toBe(false);
    expect(originAllowed("null", pub, [])).toBe(false);
    expect(originAllowed("https://app.acme.example", pub, ["https://app.acme.example"])).toBe(true);
  });
});
