/** A JSON Schema node as found in Twilio's OpenAPI 3.0 files (loosely typed: it is data we walk). */
export type SchemaNode = { [key: string]: unknown };

/** An OpenAPI 3.0 parameter (only what the sandbox reads). */
export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaNode;
}

/** An OpenAPI 3.0 operation (only what the sandbox reads). */
export interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema: SchemaNode }> };
  responses: Record<string, { content?: Record<string, { schema: SchemaNode }> }>;
}

/** The Twilio APIs the sandbox serves, named by their host's first label (`flex-api` is `flex`). */
export type ApiName = 'api' | 'taskrouter' | 'iam' | 'flex' | 'insights' | 'intelligence' | 'sync';

/** An OpenAPI 3.0 document (only what the sandbox reads). */
export interface OpenApiDocument {
  servers?: { url: string }[];
  paths: Record<string, Partial<Record<'get' | 'post' | 'delete', OpenApiOperation>> & { servers?: unknown }>;
  components: { schemas: Record<string, SchemaNode> };
}
