import { type ComponentDefinition, catalogOf } from "@interflow/sdk";
import { batchComponent } from "./batch/component";
import { delayComponent } from "./delay/component";
import { emailComponent } from "./email/email";
import { filterComponent } from "./filter/component";
import { csvComponent } from "./formats/csv";
import { xmlComponent } from "./formats/xml";
import { httpComponent } from "./http/http";
import { imapComponent } from "./imap/imap";
import { mqttComponent } from "./mqtt/mqtt";
import { mysqlComponent } from "./mysql/mysql";
import { splitComponent } from "./split/component";
import { postgresComponent } from "./postgres/postgres";
import { scheduleComponent } from "./schedule/schedule";
import { transformComponent } from "./transform/transform";
import { webhookComponent } from "./webhook/webhook";

export { closeHttpAgent, configureEgress, platformFetch } from "./http/agent";
export { allowedIpv4Cidrs, type EgressPolicy, egressPolicyFromEnv, REFUSED_IPV4_RANGES, refusedRange } from "./http/egress";
export { closeMysqlPools } from "./mysql/connection";
export { mysqlComponent } from "./mysql/mysql";
export { closePostgresPools } from "./postgres/connection";
export { postgresComponent } from "./postgres/postgres";
export { HTTP_METHODS, type RequestConfig } from "./http/config";
export { httpComponent } from "./http/http";
export type { HttpResponse } from "./http/response";
export type { MapConfig } from "./transform/map";
export { scheduleComponent } from "./schedule/schedule";
export { transformComponent } from "./transform/transform";
export { batchComponent } from "./batch/component";
export { delayComponent } from "./delay/component";
export { filterComponent } from "./filter/component";
export { splitComponent } from "./split/component";
export { csvComponent } from "./formats/csv";
export { xmlComponent } from "./formats/xml";
export { emailComponent } from "./email/email";
export { imapComponent } from "./imap/imap";
export { mqttComponent } from "./mqtt/mqtt";
export { closeMqttClients } from "./mqtt/publish";
export { type WebhookConfig, webhookComponent } from "./webhook/webhook";
export { judgeHead, judgeSignature, needsBody, type WebhookAuthVerdict, type WebhookCredential, withoutCredentials } from "./webhook/authentication";

export const builtinComponents: ComponentDefinition[] = [
  webhookComponent,
  scheduleComponent,
  transformComponent,
  filterComponent,
  splitComponent,
  batchComponent,
  delayComponent,
  csvComponent,
  xmlComponent,
  httpComponent,
  postgresComponent,
  mysqlComponent,
  emailComponent,
  imapComponent,
  mqttComponent,
];

export const builtinCatalog = catalogOf(builtinComponents);
export { pollingTriggerOf, pushTriggerOf } from "./polling-trigger";
