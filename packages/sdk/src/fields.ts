/** Help shown next to a component, a function, a credential or a field: words and a link. */
export interface Help {
  description: string;
  /** an absolute URL, or a path under the platform's docs base URL (e.g. "components/http#request") */
  link?: string;
}

export interface FieldOption {
  value: string;
  label: string;
}

/**
 * One field of a function's configuration form. `key` is the config property it sets; the form is
 * generated from these, and the function's zod `config` schema stays the one judge of validity.
 */
export type FieldDefinition = {
  key: string;
  label: string;
  required?: boolean;
  placeholder?: string;
  help?: Help;
} & (
  | { type: "text" | "textarea"; default?: string }
  /**
   * a secret (in a credential: encrypted at rest, never shown again); `generate`: the form offers a
   * random one, shown once to copy (a secret the platform makes, such as a webhook's signing secret)
   */
  | { type: "password"; default?: string; generate?: boolean }
  | { type: "number"; default?: number; min?: number; max?: number; unit?: string }
  | { type: "checkbox"; default?: boolean }
  | { type: "select"; options: FieldOption[]; default?: string }
  | { type: "multiselect"; options: FieldOption[]; default?: string[] }
  /** options fetched at design time from a function of the component (e.g. lists of the target API) */
  | { type: "dynamic-select"; optionsFrom: string; default?: string }
  | { type: "json"; default?: unknown }
  | {
      type: "code";
      language: "jsonata" | "javascript" | "sql";
      default?: string;
      /**
       * JSONata whose value is what the step emits: the designer edits it as the step's mapping is
       * edited — field by field over the step's input sample, or as one expression — and shows no
       * separate Mapping tab (one place for the step's JSONata)
       */
      asMapping?: boolean;
    }
  /** string → string pairs, e.g. HTTP headers */
  | { type: "key-value"; default?: Record<string, string> }
);

export type FieldType = FieldDefinition["type"];

/** One field of what an action expects as its message body, mapped by the person in the designer. */
export interface InputField {
  key: string;
  label: string;
  /** what the value should be; the designer shows it next to the field and in the preview */
  type: "string" | "number" | "boolean" | "object" | "array" | "any";
  required?: boolean;
  help?: Help;
}

/**
 * What an action expects as its message body: the designer lists these fields to map one by one,
 * and with `additional` the person may add fields of their own (a free-form body such as an API's).
 */
export interface InputSchema {
  fields: InputField[];
  additional: boolean;
  help?: Help;
}
