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
