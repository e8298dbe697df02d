import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import {
  type Direction,
  javaRegexToJs,
  resolvePointer,
  translateComponents,
  translateSchema,
} from "./schema-translate.js";

const BASE = "https://atlasgate.invalid/openapi/unit/request.json";

const doc = {
  components: {
    schemas: {
      Node: {
        type: "object",
        additionalProperties: false,
        required: ["id", "name", "secret"],
        discriminator: { propertyName: "kind" },
        example: { id: "1" },
        "x-atlassian-meta": true,
        properties: {
          id: { type: "string", readOnly: true },
          name: { type: "string", nullable: true, example: "n" },
          secret: { type: "string", writeOnly: true },
          kind: { type: "string", enum: ["a", "b"], nullable: true },
          parent: { allOf: [{ $ref: "#/components/schemas/Node" }], nullable: true, readOnly: true },
          // A property literally called "readOnly" must survive: only keywords are dropped.
          readOnly: { type: "boolean" },
          children: { type: "array", items: { $ref: "#/components/schemas/Node" } },
        },
      },
      Ref: { $ref: "#/components/schemas/Node" },
      Range: { type: "integer", minimum: 1, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: false },
    },
  },
};

function ctx(direction: Direction) {
  return {
    direction,
    baseUri: BASE.replace("request", direction),
    doc,
    locations: new WeakMap<object, string>(),
  };
}

describe("translateSchema", () => {
  it("drops OpenAPI-only keywords but keeps properties of the same name", () => {
    const out = translateSchema(doc.components.schemas.Node, ctx("response"), "#/x") as Record<string, any>;
    expect(out.discriminator).toBeUndefined();
    expect(out.example).toBeUndefined();
    expect(out["x-atlassian-meta"]).toBeUndefined();
    expect(out.properties.readOnly).toEqual({ type: "boolean" });
    expect(out.properties.id).toEqual({ type: "string" });
    expect(out.additionalProperties).toBe(false);
  });

  it("turns nullable into a null type, a null enum member, or an anyOf around refs", () => {
    const out = translateSchema(doc.components.schemas.Node, ctx("response"), "#/x") as Record<string, any>;
    expect(out.properties.name).toEqual({ type: ["string", "null"] });
    expect(out.properties.kind).toEqual({ type: ["string", "null"], enum: ["a", "b", null] });
    expect(out.properties.parent).toEqual({
      anyOf: [
        { type: "null" },
        { allOf: [{ $ref: `${BASE.replace("request", "response")}#/components/schemas/Node` }] },
      ],
    });
  });

  it("does not require readOnly properties in requests nor writeOnly ones in responses", () => {
    const request = translateSchema(doc.components.schemas.Node, ctx("request"), "#/x") as Record<
      string,
      any
    >;
    const response = translateSchema(doc.components.schemas.Node, ctx("response"), "#/x") as Record<
      string,
      any
    >;
    expect(request.required).toEqual(["name", "secret"]);
    expect(response.required).toEqual(["id", "name"]);
  });

  it("converts boolean exclusive bounds", () => {
    expect(translateSchema(doc.components.schemas.Range, ctx("request"), "#/x")).toEqual({
      type: "integer",
      exclusiveMinimum: 1,
      maximum: 9,
    });
  });

  it("records where each translated schema came from", () => {
    const c = ctx("request");
    const out = translateSchema(doc.components.schemas.Node, c, "#/components/schemas/Node") as Record<
      string,
      any
    >;
    expect(c.locations.get(out)).toBe("#/components/schemas/Node");
    expect(c.locations.get(out.properties.children.items)).toBe(
      "#/components/schemas/Node/properties/children/items",
    );
  });
});

describe("translateComponents", () => {
  it("compiles recursive schemas by reference and leaves the source untouched", () => {
    const before = JSON.stringify(doc);
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema(translateComponents(doc, ctx("response")));
    const validate = ajv.getSchema(`${BASE.replace("request", "response")}#/components/schemas/Ref`)!;
    expect(validate({ id: "1", name: null, children: [{ id: "2", name: "c", parent: null }] })).toBe(true);
    expect(validate({ id: "1", name: "n", children: [{ id: "2", name: "c", extra: 1 }] })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({
      instancePath: "/children/0",
      keyword: "additionalProperties",
    });
    expect(JSON.stringify(doc)).toBe(before);
  });
});

describe("javaRegexToJs", () => {
  it("rewrites Java-only classes so unicode-mode RegExp accepts the pattern", () => {
    const java = "^\\p{L}[\\p{L}\\p{Digit}_]{1,255}-\\p{Digit}{1,255}$";
    expect(() => new RegExp(java, "u")).toThrow();
    const js = new RegExp(javaRegexToJs(java), "u");
    expect(js.test("ÄBC-123")).toBe(true);
    expect(js.test("ABC-")).toBe(false);
  });
});

describe("resolvePointer", () => {
  it("follows escaped JSON pointers", () => {
    const d = { paths: { "/a/{b}": { get: { ok: 1 } } } };
    expect(resolvePointer(d, "#/paths/~1a~1{b}/get/ok")).toBe(1);
    expect(resolvePointer(d, "#/paths/missing")).toBeUndefined();
    expect(resolvePointer(d, "other.json#/x")).toBeUndefined();
  });
});
