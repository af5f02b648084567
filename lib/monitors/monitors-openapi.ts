// The monitors' part of the OpenAPI document. Admins only.
import { type ApiPiece, errors, idParameter, inputSchema, json, operation, outputSchema } from "@/lib/api/openapi-parts";
import {
  channelTestRequestSchema,
  channelTestSchema,
  createMonitorSchema,
  monitorDetailSchema,
  monitorListSchema,
  monitorSchema,
  updateMonitorSchema,
} from "./monitor-json";

const monitorId = idParameter("monitorId");

export function monitorsOpenApi(): ApiPiece {
  return {
    schemas: {
      Monitor: outputSchema(monitorSchema),
      MonitorDetail: outputSchema(monitorDetailSchema),
      MonitorList: outputSchema(monitorListSchema),
      ChannelTest: outputSchema(channelTestSchema),
    },
    paths: {
      "/api/v1/monitors": {
        get: operation({
          summary: "Monitors, with their state and last value. Admins only",
          responses: { "200": { description: "The monitors", content: json("MonitorList") }, ...errors(401, 403) },
        }),
        post: operation({
          summary:
            "Make a monitor: one figure of an agent, a deployment or every call, over a trailing window, against a threshold, with its notification channels. Admins only",
          requestBody: { required: true, content: { "application/json": { schema: inputSchema(createMonitorSchema) } } },
          responses: { "201": { description: "Made", content: json("Monitor") }, ...errors(400, 401, 403, 413, 422, 503) },
        }),
      },
      "/api/v1/monitors/{monitorId}": {
        get: operation({
          path: [monitorId],
          summary: "A monitor with its history of state changes and its notification delivery log. Admins only",
          responses: { "200": { description: "The monitor", content: json("MonitorDetail") }, ...errors(401, 403, 404) },
        }),
        patch: operation({
          path: [monitorId],
          summary:
            "Change a monitor's name, threshold, window, minimum values, reminder, pause or channels (a channel sent back with its id and no secret keeps its secret). Admins only",
          requestBody: { required: true, content: { "application/json": { schema: inputSchema(updateMonitorSchema) } } },
          responses: { "200": { description: "Changed", content: json("Monitor") }, ...errors(400, 401, 403, 404, 422) },
        }),
        delete: operation({
          path: [monitorId],
          summary: "Remove a monitor, its history and its delivery log. Admins only",
          responses: { "200": { description: "{ id, deleted }" }, ...errors(401, 403, 404) },
        }),
      },
      "/api/v1/monitors/{monitorId}/test": {
        post: operation({
          path: [monitorId],
          summary: "Send a test notification (state `test`) to one of the monitor's channels now, and answer how it went. Admins only",
          requestBody: { required: true, content: { "application/json": { schema: inputSchema(channelTestRequestSchema) } } },
          responses: {
            "200": { description: "Sent or not, with the receiver's status and a short reason (never its answer's body)", content: json("ChannelTest") },
            ...errors(400, 401, 403, 404, 422),
          },
        }),
      },
    },
  };
}
