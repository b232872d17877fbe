/**
 * The value CloudFront sends to the API in its origin header (`x-origin-verify`): a request that
 * carries it came through the distribution, not straight to the execute-api endpoint.
 */
export interface OriginSecret {
  /** The expected header value. */
  current(): Promise<string>;
}

/**
 * The shortest value we accept: 32 letters and digits are about 190 bits, beyond guessing at any
 * rate API Gateway lets through.
 */
export const MIN_ORIGIN_SECRET_LENGTH = 32;

/**
 * A Secrets Manager version id as `put-secret-value` answers it (a UUID; the API allows 32 to 64
 * characters): what `-c originSecretVersion=…` pins CloudFront and the functions to.
 */
export const SECRET_VERSION_ID_PATTERN = /^[A-Za-z0-9-]{32,64}$/;
