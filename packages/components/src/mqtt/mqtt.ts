import { type CredentialVerification, defineComponent } from "@interflow/sdk";
import { connected, mqttAccountOf, mqttClient, mqttError } from "./connection";
import { publish } from "./publish";
import { subscribe } from "./subscribe";

/** Connects (and signs in) once: what publishing or subscribing does first. */
async function verifyMqtt({ fields }: { fields: Record<string, unknown> }): Promise<CredentialVerification> {
  const result = mqttAccountOf(fields);
  if (!result.ok) return { verified: false, message: result.message, field: result.field };
  const client = await mqttClient(result.account, { reconnectPeriod: 0, clean: true });
  client.on("error", () => {});
  try {
    await connected(client);
    return { verified: true };
  } catch (error) {
    const failure = mqttError(error, result.account);
    return { verified: false, message: failure.message, field: failure.name === "AuthenticationError" ? "password" : "url" };
  } finally {
    client.end(true);
  }
}

export const mqttComponent = defineComponent({
  name: "mqtt",
  title: "MQTT",
  description: "Publishes to and receives messages from an MQTT broker (Mosquitto, EMQX, HiveMQ, AWS IoT …).",
  icon: "radio",
  help: { description: "Devices, sensors and machines talk MQTT: start a flow with each message on a topic, or publish what a flow makes.", link: "components/mqtt" },
  credentials: [
    {
      authKind: "basic",
      title: "MQTT broker",
      help: { description: "The broker's address, and the user and password it gave this client." },
      fields: [
        { key: "url", label: "Broker", type: "text", required: true, placeholder: "mqtt://broker.example.com:1883", help: { description: "mqtt://host:1883, or mqtts://host:8883 for TLS." } },
        { key: "username", label: "User name", type: "text", required: true, help: { description: "The user the broker knows this client as." } },
        { key: "password", label: "Password", type: "password", required: true, help: { description: "The user's password (stored encrypted, never shown again)." } },
        { key: "allowUntrustedCertificate", label: "Accept a self-signed certificate", type: "checkbox", default: false, help: { description: "Only for a broker of your own whose certificate no public authority signed." } },
      ],
      verify: verifyMqtt,
    },
  ],
  functions: { subscribe, publish },
});
