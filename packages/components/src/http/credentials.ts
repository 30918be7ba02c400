import type { CredentialDefinition, FieldDefinition } from "@interflow/sdk";
import { verifyClientCredentials, verifyHttpCredential } from "./verify";

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

const oauth2ClientFields: FieldDefinition[] = [
  { key: "tokenUrl", label: "Token URL", type: "text", required: true, placeholder: "https://app.example.com/oauth/token", help: { description: "The application's OAuth2 token endpoint." } },
  { key: "clientId", label: "Client id", type: "text", required: true, help: { description: "From the OAuth app you registered with the application." } },
  { key: "clientSecret", label: "Client secret", type: "password", help: { description: "From the same OAuth app. Stored encrypted; never shown again. Empty for public clients (PKCE alone)." } },
];

const oauth2ClientAuthentication: FieldDefinition = {
  key: "clientAuthentication",
  label: "Send the client secret",
  type: "select",
  options: [
    { value: "basic", label: "in an Authorization header (usual)" },
    { value: "body", label: "in the request body" },
  ],
  default: "basic",
  help: { description: "How the token endpoint wants the client id and secret; the application's documentation says which (client_secret_basic or client_secret_post)." },
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
  {
    authKind: "oauth2-authorization-code",
    title: "OAuth2: sign in with the application (authorization code)",
    fields: [
      { key: "authorizationUrl", label: "Authorization URL", type: "text", required: true, placeholder: "https://app.example.com/oauth/authorize", help: { description: "Where people sign in and allow access: the application's OAuth2 authorize endpoint (its developer documentation names it)." } },
      ...oauth2ClientFields,
      { key: "scope", label: "Scopes", type: "text", placeholder: "orders:read orders:write offline_access", help: { description: "What the flow may do, space-separated, as the application names them. Ask for a refresh token too if the application needs a scope for it (often offline_access)." } },
      oauth2ClientAuthentication,
      verifyUrl,
    ],
    help: {
      description:
        "Save, then Connect: the application's sign-in page opens, and after you allow access it sends you back here. Register this redirect URL with the application first: <your Interflow address>/api/oauth2/callback. Interflow refreshes the access token before it expires.",
      link: "components/http#credential-oauth2-authorization-code",
    },
  },
  {
    authKind: "oauth2-client-credentials",
    title: "OAuth2: client id and secret (client credentials)",
    fields: [
      ...oauth2ClientFields.map((field) => (field.key === "clientSecret" ? { ...field, required: true } : field)),
      { key: "scope", label: "Scopes", type: "text", placeholder: "reports:read", help: { description: "What the flow may do, space-separated, as the application names them (optional)." } },
      { key: "audience", label: "Audience", type: "text", help: { description: "Only for applications that ask for one (e.g. Auth0): the API the token is for." } },
      oauth2ClientAuthentication,
      verifyUrl,
    ],
    verify: verifyClientCredentials,
    help: {
      description: "For machine-to-machine APIs: Interflow gets an access token with the client id and secret, and a new one before it expires. Verify gets one token (and calls the address to verify with, if given).",
      link: "components/http#credential-oauth2-client-credentials",
    },
  },
];
