import { describe, expect, it } from "vitest";
import { words } from "../text/plain-text.js";
import { matchesText, parseTextQuery } from "./text.js";

describe("parseTextQuery / matchesText", () => {
  const text = words("Deploy the release candidate to staging before Friday");

  it("requires every word, in any order, case-insensitively", () => {
    expect(matchesText(text, parseTextQuery("STAGING deploy"))).toBe(true);
    expect(matchesText(text, parseTextQuery("staging monday"))).toBe(false);
    expect(matchesText(text, parseTextQuery("stag"))).toBe(false);
  });

  it("treats a trailing * as a prefix", () => {
    expect(matchesText(text, parseTextQuery("stag*"))).toBe(true);
    expect(matchesText(text, parseTextQuery("cand* fri*"))).toBe(true);
    expect(matchesText(text, parseTextQuery("xyz*"))).toBe(false);
  });

  it("matches quoted phrases only as adjacent words", () => {
    expect(parseTextQuery('"release candidate" deploy')).toEqual([
      { words: ["release", "candidate"], prefix: false },
      { words: ["deploy"], prefix: false },
    ]);
    expect(matchesText(text, parseTextQuery('"release candidate"'))).toBe(true);
    expect(matchesText(text, parseTextQuery('"candidate release"'))).toBe(false);
    expect(matchesText(text, parseTextQuery('"the rel*"'))).toBe(true);
    expect(matchesText(text, parseTextQuery('deploy"release candidate"'))).toBe(true);
  });

  it("turns punctuated tokens into phrases and ignores tokens without words", () => {
    expect(parseTextQuery("release-candidate * !!")).toEqual([
      { words: ["release", "candidate"], prefix: false },
    ]);
    expect(matchesText(text, parseTextQuery("release-candidate"))).toBe(true);
    expect(matchesText(text, parseTextQuery("***"))).toBe(false);
  });
});
