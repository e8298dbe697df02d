import { describe, expect, it } from "vitest";
import { adfToStorage, markdownToAdf, storageToAdf, validateAdf } from "./index.js";
import { comparable, loadFixtures } from "./test-helpers.js";

describe("ADF → storage → ADF", () => {
  for (const { name, markdown } of loadFixtures()) {
    it(`${name} round-trips`, () => {
      const adf = markdownToAdf(markdown);
      const back = storageToAdf(adfToStorage(adf));
      expect(validateAdf(back)).toEqual({ valid: true });
      expect(comparable(back)).toEqual(comparable(adf));
    });
  }
});

describe("storage parsing", () => {
  it("reads Confluence-style storage", () => {
    const xhtml = `
      <h2>Title</h2>
      <p>Hello <b>bold</b> <i>it</i> <del>gone</del> <u>under</u> <code>x</code> <a href="https://x.test">link</a><br/>next</p>
      <ul><li>one<ul><li>nested</li></ul></li><li>two</li></ul>
      <ol start="4"><li>four</li></ol>
      <table><tbody><tr><th>H</th></tr><tr><td>C</td></tr></tbody></table>
      <pre>pre  text</pre>
      <blockquote><p>quoted</p></blockquote>
      <hr/>
      <ac:structured-macro ac:name="code"><ac:parameter ac:name="language">sql</ac:parameter>
        <ac:plain-text-body><![CDATA[SELECT * FROM t WHERE a < 1 && b > 2;]]></ac:plain-text-body></ac:structured-macro>
      <ac:structured-macro ac:name="note"><ac:rich-text-body><p>careful</p></ac:rich-text-body></ac:structured-macro>
      <p><ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5"/></ac:link> &amp; &lt;tag&gt; &nbsp;x</p>
      <ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>done it</ac:task-body></ac:task></ac:task-list>`;
    const adf = storageToAdf(xhtml);
    expect(validateAdf(adf)).toEqual({ valid: true });
    expect(adf.content.map((n) => n.type)).toEqual([
      "heading",
      "paragraph",
      "bulletList",
      "orderedList",
      "table",
      "codeBlock",
      "blockquote",
      "rule",
      "codeBlock",
      "panel",
      "paragraph",
      "taskList",
    ]);
    expect(adf.content[1].content?.map((n) => n.marks?.[0]?.type ?? n.type)).toEqual([
      "text",
      "strong",
      "text",
      "em",
      "text",
      "strike",
      "text",
      "underline",
      "text",
      "code",
      "text",
      "link",
      "hardBreak",
      "text",
    ]);
    expect(adf.content[3].attrs).toEqual({ order: 4 });
    expect(adf.content[8]).toEqual({
      type: "codeBlock",
      attrs: { language: "sql" },
      content: [{ type: "text", text: "SELECT * FROM t WHERE a < 1 && b > 2;" }],
    });
    expect(adf.content[9].attrs).toEqual({ panelType: "warning" });
    expect(adf.content[10].content?.[0]).toEqual({
      type: "mention",
      attrs: { id: "5b10ac8d82e05b22cc7d4ef5" },
    });
    expect(adf.content[11].content?.[0].attrs?.state).toBe("DONE");
  });

  it("escapes text and splits CDATA terminators", () => {
    const adf = markdownToAdf('a \\<b> & "c"\n\n```\nx ]]> y\n```');
    const xhtml = adfToStorage(adf);
    expect(xhtml).toContain("a &lt;b&gt; &amp; &quot;c&quot;");
    expect(xhtml).not.toMatch(/x \]\]> y/);
    expect(comparable(storageToAdf(xhtml))).toEqual(comparable(adf));
  });

  it("gives an empty doc for empty or junk input", () => {
    expect(storageToAdf("")).toEqual({ type: "doc", version: 1, content: [] });
    expect(validateAdf(storageToAdf("<p><p></ul></td><ac:link>"))).toEqual({ valid: true });
  });
});
