/**
 * Sending email with Amazon SES (API v2, SendEmail with Simple content). MAIL_FROM is the
 * sender (unset: no email at all, only inbox and bus); SES_CONFIGURATION_SET, when set, names
 * the configuration set (bounces, complaints, reputation); SES_ENDPOINT points the client at
 * the local stand-in and is unset in AWS, as COGNITO_ENDPOINT is for Cognito.
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

let client: SESv2Client | undefined;
const ses = () => {
  const endpoint = process.env.SES_ENDPOINT;
  client ??= new SESv2Client({
    ...(endpoint
      ? {
          endpoint,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          region: process.env.AWS_REGION ?? 'me-south-1',
        }
      : {}),
    // Bounded: a failed send fails the stream record, and the stream retries it later.
    maxAttempts: 2,
  });
  return client;
};

/** The sender, or undefined where email is off (a stage without an SES identity). */
export const mailFrom = (): string | undefined => process.env.MAIL_FROM || undefined;

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Sends one email; answers SES's message id. Any SES error throws (the caller releases its claim). */
export const sendEmail = async (email: OutgoingEmail): Promise<string | undefined> => {
  const from = mailFrom();
  if (!from) throw new Error('MAIL_FROM is not set: no email can be sent');
  const configurationSet = process.env.SES_CONFIGURATION_SET || undefined;
  const out = await ses().send(
    new SendEmailCommand({
      FromEmailAddress: from,
      Destination: { ToAddresses: [email.to] },
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: email.text, Charset: 'UTF-8' },
            Html: { Data: email.html, Charset: 'UTF-8' },
          },
          Headers: Object.entries(email.headers).map(([Name, Value]) => ({ Name, Value })),
        },
      },
      ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
    }),
  );
  return out.MessageId;
};
