// CSV and XML steps run as a runner runs them (the SDK's harness), on real parsers and the real
// JSONata sandbox: what a person's file becomes, and what a malformed or hostile one gets.
import { StepError } from "@interflow/sdk";
import { describe, expect, it } from "vitest";
import { runStep } from "../testing";
import { csvParse, csvWrite } from "./csv";
import { jsonToXml, xmlToJson } from "./xml";

const csvText = ['id;name;note', '1;Ada;"says ""hi"""', '2;Grace;"two', 'lines"', "", "3;Linus;"].join("\r\n");

describe("Parse CSV", () => {
  it("sends one message per row, keyed by the header, each knowing its place; quotes, line breaks in quotes and a BOM are read", async () => {
    const run = await runStep(csvParse, { config: { delimiter: ";" }, body: { raw: `\ufeff${csvText}` }, id: "m-1" });
    expect(run.emitted).toEqual([
      { id: "1", name: "Ada", note: 'says "hi"' },
      { id: "2", name: "Grace", note: "two\r\nlines" },
      { id: "3", name: "Linus", note: "" },
    ]);
    expect(run.emittedMessages.map((m) => m.headers?.split)).toEqual([0, 1, 2].map((index) => ({ index, total: 3, of: "m-1" })));
  });

  it("sends one message with every row, values converted when asked (quoted ones stay text), or rows as lists without a header", async () => {
    const list = await runStep(csvParse, { config: { source: "file", output: "list", convertValues: true }, body: { file: 'n,ok,code\n1.5,true,"007"\n-2,false,x' } });
    expect(list.emitted).toEqual([{ rows: [{ n: 1.5, ok: true, code: "007" }, { n: -2, ok: false, code: "x" }], count: 2 }]);
    const bare = await runStep(csvParse, { config: { header: false, output: "list", delimiter: "\t" }, body: { raw: "a\tb\nc\td" } });
    expect(bare.emitted).toEqual([{ rows: [["a", "b"], ["c", "d"]], count: 2 }]);
  });

  it("a header alone is filtered, not failed; a ragged row, too many rows or no text fail the message with why", async () => {
    expect((await runStep(csvParse, { config: {}, body: { raw: "id,name\n" } })).filtered).toBe(true);
    await expect(runStep(csvParse, { config: {}, body: { raw: "id,name\n1,Ada\n2\n" } })).rejects.toThrow(/not valid CSV: .*(record length|columns).*line 3/i);
    await expect(runStep(csvParse, { config: { maxRows: 2 }, body: { raw: "id\n1\n2\n3\n" } })).rejects.toThrow('more than 2 rows, this step\'s limit ("At most"): nothing was sent');
    await expect(runStep(csvParse, { config: {}, body: { rows: [] } })).rejects.toThrow(/source "raw" gave nothing, not CSV text/);
    await expect(runStep(csvParse, { config: { source: "rows" }, body: { rows: [] } })).rejects.toThrow(StepError);
    expect(() => csvParse.config.parse({ delimiter: "x" })).toThrow(/comma, a semicolon, a tab or a pipe/);
    expect(() => csvParse.config.parse({ source: "a[" })).toThrow(/invalid JSONata/);
  });
});

describe("Write CSV", () => {
  it("writes rows under a header of every key first seen, quoting what needs it; nested values as JSON", async () => {
    const rows = [{ id: 1, name: "Ada, Countess" }, { id: 2, name: 'say "hi"', tags: ["a", "b"] }, { id: 3 }];
    const run = await runStep(csvWrite, { config: {}, body: { rows } });
    expect(run.emitted).toEqual([{ csv: 'id,name,tags\r\n1,"Ada, Countess",\r\n2,"say ""hi""","[""a"",""b""]"\r\n3,,\r\n', rows: 3 }]);
  });

  it("writes the columns asked for, in their order; what it writes, Parse CSV reads back", async () => {
    const rows = [{ id: "1", name: "Ada", note: "two\nlines", extra: "x" }];
    const written = await runStep(csvWrite, { config: { source: "items", columns: "name, id, note", delimiter: ";" }, body: { items: rows } });
    const { csv } = written.emitted[0] as { csv: string };
    expect(csv.split("\r\n")[0]).toBe("name;id;note");
    const read = await runStep(csvParse, { config: { source: "csv", delimiter: ";" }, body: { csv } });
    expect(read.emitted).toEqual([{ name: "Ada", id: "1", note: "two\nlines" }]);
  });

  it("refuses a row that is neither an object nor a list, and more rows than its limit", async () => {
    await expect(runStep(csvWrite, { config: {}, body: { rows: [{ a: 1 }, 5] } })).rejects.toThrow("row 2 is number, not an object or a list of values");
    await expect(runStep(csvWrite, { config: { maxRows: 1 }, body: { rows: [{}, {}] } })).rejects.toThrow(/2 rows, more than this step's 1/);
  });
});

describe("XML to JSON", () => {
  const order = `<?xml version="1.0"?>
<order id="7" paid="true">
  <customer>Ada &amp; Co</customer>
  <line sku="a">2</line>
</order>`;

  it("reads elements, attributes and text; named elements are always lists; values converted when asked", async () => {
    const run = await runStep(xmlToJson, { config: { lists: "line" }, body: { raw: order } });
    expect(run.emitted[0]).toMatchObject({ order: { "@id": "7", "@paid": "true", customer: "Ada & Co", line: [{ "@sku": "a", "#text": "2" }] } });
    const converted = await runStep(xmlToJson, { config: { convertValues: true, attributePrefix: "_" } , body: { raw: order } });
    expect(converted.emitted[0]).toMatchObject({ order: { _id: 7, _paid: true, line: { _sku: "a", "#text": 2 } } });
  });

  it("refuses XML that is not well-formed (naming the line), declares entities, or nests deeper than 100", async () => {
    await expect(runStep(xmlToJson, { config: {}, body: { raw: "<a>\n<b></a>" } })).rejects.toThrow(/not well-formed XML: .*line 2/);
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`;
    await expect(runStep(xmlToJson, { config: {}, body: { raw: bomb } })).rejects.toThrow(/declares entities is refused \(<!ENTITY at line 1/);
    const deep = `${"<a>".repeat(150)}x${"</a>".repeat(150)}`;
    await expect(runStep(xmlToJson, { config: {}, body: { raw: deep } })).rejects.toThrow(/the XML could not be read: .*(nest|depth)/i);
  });
});

describe("JSON to XML", () => {
  it("writes an object under its root, attributes from prefixed keys, lists as repeated elements, text escaped; XML to JSON reads it back", async () => {
    const body = { "@id": "7", customer: "Ada & <Co>", line: [{ "@sku": "a", qty: 2 }, { "@sku": "b", qty: 1 }] };
    const run = await runStep(jsonToXml, { config: { root: "order", declaration: false, pretty: false }, body });
    const { xml } = run.emitted[0] as { xml: string };
    expect(xml).toBe('<order id="7"><customer>Ada &amp; &lt;Co&gt;</customer><line sku="a"><qty>2</qty></line><line sku="b"><qty>1</qty></line></order>');
    const back = await runStep(xmlToJson, { config: { source: "xml" }, body: { xml } });
    expect(back.emitted[0]).toEqual({ order: { "@id": "7", customer: "Ada & <Co>", line: [{ "@sku": "a", qty: "2" }, { "@sku": "b", qty: "1" }] } });
  });

  it("takes the object's one key as the root when Root is empty; refuses names XML cannot have", async () => {
    const run = await runStep(jsonToXml, { config: { root: "" }, body: { feed: { title: "x" } } });
    expect((run.emitted[0] as { xml: string }).xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<feed>\n  <title>x</title>\n</feed>\n');
    await expect(runStep(jsonToXml, { config: { root: "" }, body: { a: 1, b: 2 } })).rejects.toThrow(/exactly one key/);
    await expect(runStep(jsonToXml, { config: {}, body: { "bad name": 1 } })).rejects.toThrow('cannot be written as XML: "bad name" is not an XML name');
    await expect(runStep(jsonToXml, { config: { source: "items" }, body: { items: [1] } })).rejects.toThrow(/gave a list, not an object/);
    expect(() => jsonToXml.config.parse({ root: "1abc" })).toThrow(/XML element name/);
  });
});
