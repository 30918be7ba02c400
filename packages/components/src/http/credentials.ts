import type { CredentialDefinition, FieldDefinition } from "@interflow/sdk";
import { verifyHttpCredential } from "./verify";

/** Not a secret: where Verify sends one GET with the credential. */
const verifyUrl: FieldDefinition = {
  key: "verifyUrl",
  label: "Address to verify with",
  type: "text",
  placeholder: "https://api.example.com/me",
  help: {
    description:
      "An address that needs the credential, e.g. https://api.example.com/me. Verify sends one GET there with the credential and expects a 2xx answer. Optional: without it the credential is saved unverified.",
    link: "components/http#credentials",
  },
};

/** The generic ways an http step signs in, so it can talk to any REST API. */
export const httpCredentials: CredentialDefinition[] = [
  {
    authKind: "basic",
    title: "Username and password (HTTP Basic)",
    fields: [
      { key: "username", label: "Username", type: "text", required: true, help: { description: "The user (or API client id) the application gave you." } },
      { key: "password", label: "Password", type: "password", required: true, help: { description: "Its password (or API client secret). Stored encrypted; never shown again." } },
      verifyUrl,
    ],
    verify: verifyHttpCredential("basic"),
    help: {
      description: "Every request carries an Authorization: Basic header made from the username and password. For APIs that take a user and a password, or a client id and secret.",
      link: "components/http#credential-basic",
    },
  },
  {
    authKind: "bearer",
    title: "Bearer token",
    fields: [
      {
        key: "token",
        label: "Token",
        type: "password",
        required: true,
        help: { description: "A personal access token or API token from the application's settings. Stored encrypted; never shown again." },
      },
      verifyUrl,
    ],
    verify: verifyHttpCredential("bearer"),
    help: {
      description: "Every request carries Authorization: Bearer <token>. For APIs that give you an access token.",
      link: "components/http#credential-bearer",
    },
  },
  {
    authKind: "api-key",
    title: "API key",
    fields: [
      {
        key: "where",
        label: "Sent in",
        type: "select",
        options: [
          { value: "header", label: "a header" },
          { value: "query", label: "the query string" },
        ],
        default: "header",
        help: { description: "Where the application reads the key: a request header (usual), or a query parameter of the URL." },
      },
      {
        key: "name",
        label: "Header or parameter name",
        type: "text",
        required: true,
        default: "X-API-Key",
        placeholder: "X-API-Key",
        help: { description: "The name the application reads the key from, e.g. X-API-Key (a header) or api_key (a query parameter); its API documentation says which." },
      },
      { key: "key", label: "API key", type: "password", required: true, help: { description: "The key from the application's settings. Stored encrypted; never shown again." } },
      verifyUrl,
    ],
    verify: verifyHttpCredential("api-key"),
    help: {
      description: "Every request carries the API key, in the header or query parameter you name. For APIs that give you a key.",
      link: "components/http#credential-api-key",
    },
  },
];
