import { defineAction, defineComponent, StepError } from "@interflow/sdk";
import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";
import { jsonataField } from "../transform/expression";
import { FORMAT_MAX_TEXT_BYTES, textOfSource, valueOfSource } from "./source";

/** deeper XML is refused (a parser walking it would be the attacker's) */
export const XML_MAX_DEPTH = 100;

const XML_NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;
const prefix = z.string().max(10, "at most 10 characters").default("@");
const textKey = z.string().trim().min(1, "must not be empty").max(40).default("#text");

export const xmlToJsonConfigSchema = z.object({
  source: jsonataField("a JSONata path to the XML text").default("raw"),
  attributePrefix: prefix,
  textKey,
  /** element names that are always lists, even when one is there (comma-separated) */
  lists: z.string().trim().max(10_000).default(""),
  /** numbers and true/false in text and attributes become JSON numbers and booleans */
  convertValues: z.boolean().default(false),
});
export type XmlToJsonConfig = z.infer<typeof xmlToJsonConfigSchema>;

export const jsonToXmlConfigSchema = z.object({
  source: jsonataField("a JSONata expression giving the object to write").default("$"),
  /** the root element; empty: the object's one key is the root */
  root: z
    .string()
    .trim()
    .max(200)
    .refine((name) => name === "" || XML_NAME.test(name), "must be an XML element name (letters, digits, _ . - and one prefix:)")
    .default("root"),
  attributePrefix: prefix,
  textKey,
  declaration: z.boolean().default(true),
  pretty: z.boolean().default(true),
});
export type JsonToXmlConfig = z.infer<typeof jsonToXmlConfigSchema>;

/** line and column of a character offset, for messages that point into the person's own text */
function lineOf(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return `line ${line}, column ${offset - before.lastIndexOf("\n")}`;
}

export const xmlToJson = defineAction<XmlToJsonConfig>({
  pure: true,
  title: "XML to JSON",
  description: "Reads XML text into a JSON object: elements become keys, attributes prefixed keys, repeated elements lists.",
  config: xmlToJsonConfigSchema,
  help: {
    description:
      "<order id=\"7\"><line>a</line><line>b</line></order> becomes { \"order\": { \"@id\": \"7\", \"line\": [\"a\", \"b\"] } }. An element that appears once is a value, not a list, unless it is named in Always lists. Documents that declare entities (<!DOCTYPE … <!ENTITY …>) are refused, as is nesting deeper than 100 elements; XML that is not well-formed fails the message, naming the line.",
    link: "components/xml#to-json",
  },
  fields: [
    { key: "source", label: "Source", type: "code", language: "jsonata", required: true, default: "raw", placeholder: "raw", help: { description: "A JSONata path to the XML text. A webhook that receives XML puts it in raw." } },
    { key: "lists", label: "Always lists", type: "text", placeholder: "line, item", help: { description: "Element names that become lists even when there is one of them, separated by commas, so the next steps can always map over them." } },
    { key: "attributePrefix", label: "Attribute prefix", type: "text", default: "@" },
    { key: "textKey", label: "Text key", type: "text", default: "#text", help: { description: "The key of an element's text when it also has attributes or elements." } },
    { key: "convertValues", label: "Numbers and true/false as JSON", type: "checkbox", default: false },
  ],
  process: async (ctx) => {
    const text = await textOfSource(ctx, "XML");
    const entity = /<!ENTITY/i.exec(text);
    if (entity) throw new StepError(`XML that declares entities is refused (<!ENTITY at ${lineOf(text, entity.index)}): entity expansion is how XML bombs work`);
    const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
    if (valid !== true) throw new StepError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`, { details: { code: valid.err.code } });
    const lists = new Set(
      ctx.config.lists
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean),
    );
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: ctx.config.attributePrefix,
      textNodeName: ctx.config.textKey,
      allowBooleanAttributes: true,
      parseTagValue: ctx.config.convertValues,
      parseAttributeValue: ctx.config.convertValues,
      trimValues: true,
      processEntities: true,
      htmlEntities: false,
      maxNestedTags: XML_MAX_DEPTH,
      isArray: (name, _path, _leaf, isAttribute) => !isAttribute && lists.has(name),
    });
    let parsed: unknown;
    try {
      parsed = parser.parse(text);
    } catch (err) {
      throw new StepError(`the XML could not be read: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    ctx.emit.data(parsed);
  },
});

export const jsonToXml = defineAction<JsonToXmlConfig>({
  pure: true,
  title: "JSON to XML",
  description: "Writes a JSON object as XML text: { xml }.",
  config: jsonToXmlConfigSchema,
  help: {
    description:
      "Keys become elements, keys with the attribute prefix attributes, lists repeated elements, the text key an element's text. Text is escaped (& < > \" '). The root element wraps the object unless Root is empty and the object has exactly one key.",
    link: "components/xml#from-json",
  },
  fields: [
    { key: "source", label: "Source", type: "code", language: "jsonata", required: true, default: "$", placeholder: "$", help: { description: "A JSONata expression giving the object to write ($ is the whole message body)." } },
    { key: "root", label: "Root element", type: "text", default: "root", placeholder: "order" },
    { key: "attributePrefix", label: "Attribute prefix", type: "text", default: "@" },
    { key: "textKey", label: "Text key", type: "text", default: "#text" },
    { key: "declaration", label: "XML declaration", type: "checkbox", default: true, help: { description: "Starts the text with <?xml version=\"1.0\" encoding=\"UTF-8\"?>." } },
    { key: "pretty", label: "Indented", type: "checkbox", default: true },
  ],
  process: async (ctx) => {
    const value = await valueOfSource(ctx, "the object");
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new StepError(`source "${ctx.config.source}" gave ${Array.isArray(value) ? "a list" : value === undefined ? "nothing" : typeof value}, not an object to write as XML`);
    }
    const keys = Object.keys(value);
    let document: Record<string, unknown>;
    if (ctx.config.root !== "") document = { [ctx.config.root]: value };
    else if (keys.length === 1 && XML_NAME.test(keys[0] as string)) document = value as Record<string, unknown>;
    else throw new StepError(`without a root element the object must have exactly one key that is an element name (it has ${keys.length}: ${keys.slice(0, 5).join(", ")})`);
    const bad = (function firstBadName(node: unknown, depth: number): string | undefined {
      if (depth > XML_MAX_DEPTH) return `nesting deeper than ${XML_MAX_DEPTH}`;
      if (Array.isArray(node)) {
        for (const item of node) {
          const found = firstBadName(item, depth + 1);
          if (found) return found;
        }
        return undefined;
      }
      if (node === null || typeof node !== "object") return undefined;
      for (const [key, child] of Object.entries(node)) {
        const name = key.startsWith(ctx.config.attributePrefix) && ctx.config.attributePrefix !== "" ? key.slice(ctx.config.attributePrefix.length) : key;
        if (key !== ctx.config.textKey && !XML_NAME.test(name)) return `"${key}" is not an XML name`;
        const found = firstBadName(child, depth + 1);
        if (found) return found;
      }
      return undefined;
    })(document, 0);
    if (bad) throw new StepError(`cannot be written as XML: ${bad}`);
    const builder = new XMLBuilder({
      ignoreAttributes: false,
      attributeNamePrefix: ctx.config.attributePrefix,
      textNodeName: ctx.config.textKey,
      format: ctx.config.pretty,
      indentBy: "  ",
      suppressEmptyNode: true,
      processEntities: true,
    });
    const body = builder.build(document) as string;
    const xml = `${ctx.config.declaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ""}${body}`;
    if (Buffer.byteLength(xml, "utf8") > FORMAT_MAX_TEXT_BYTES) throw new StepError(`the XML would be over ${FORMAT_MAX_TEXT_BYTES / 1024 / 1024} MiB`);
    ctx.emit.data({ xml });
  },
});

export const xmlComponent = defineComponent({
  name: "xml",
  title: "XML",
  description: "Reads XML into JSON and writes JSON as XML.",
  icon: "code",
  help: { description: "For SOAP-era APIs, feeds and files: XML in, JSON through the flow, XML out.", link: "components/xml" },
  functions: { "to-json": xmlToJson, "from-json": jsonToXml },
});
