/** Configuration, read once when a function starts; a missing value fails the cold start. */
const required = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`Environment variable ${name} is not set`);
  return v;
};

export const config = {
  tableName: required('TABLE_NAME'),
  /** Signs list cursors so that an altered one is rejected. */
  cursorSecret: required('CURSOR_SECRET'),
  /** Only DynamoDB Local needs an endpoint; in AWS the SDK finds it from the region. */
  dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT,
  /** Locally, answers carry the capacity units the request consumed (`x-consumed-capacity`). */
  exposeCapacity: process.env.EXPOSE_CAPACITY === '1',
};
