import {
  DefaultStackSynthesizer,
  Duration,
  RemovalPolicy,
  SecretValue,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../shared/http/origin-verify.ts';
import { contentSecurityPolicy, type WebConfig } from '../../shared/http/web-pages.ts';
import { writeSite } from '../../web/site.ts';
import { logicalRef } from './nag-names.ts';

export interface HotlineWebProps {
  /**
   * The pages' API (`<api id>.execute-api.<region>.amazonaws.com`), served under `/api/*` on the
   * pages' own origin: no CORS, and the token never leaves the origin the user signed in to.
   */
  readonly apiDomainName: string;
  /**
   * The secret CloudFront sends to the API in the `x-origin-verify` header: the API's functions
   * refuse every request without it, so the API answers only through the distribution.
   */
  readonly apiOriginSecret: ISecret;
  /**
   * The version of `apiOriginSecret` to send. CloudFormation reads a dynamic reference again only
   * when the reference itself changes, so a rotation names the new version here.
   *
   * @default - the secret's current version (AWSCURRENT) when the distribution is first deployed
   */
  readonly apiOriginSecretVersion?: string;
  /** The hosted sign-in's base URL: the only other origin the pages may fetch from (its token endpoint). */
  readonly signInUrl: string;
  /** Hosts that may frame the pages (Amazon Connect's agent workspace). */
  readonly frameAncestors: readonly string[];
  /**
   * The folder whose files are the site.
   *
   * @default - the pages built from `web/` at synth (web/site.ts: HTML, CSS, bundled scripts)
   */
  readonly sourceDir?: string;
  /**
   * What happens to the buckets when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How long CloudFront and S3 access logs are kept.
   *
   * @default Duration.days(90)
   */
  readonly accessLogRetention?: Duration;
}

/**
 * The agent and manager pages (web/site.ts) in a private bucket, served only through
 * CloudFront (Origin Access Control, HTTPS only, security headers), with access logs of both in a log
 * bucket.
 */
export class HotlineWeb extends Construct {
  /** The Content-Security-Policy every response carries. */
  readonly contentSecurityPolicy: string;
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  readonly deployment: BucketDeployment;
  /** `https://<distribution domain>`, without a trailing slash: the pages' origin. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: HotlineWebProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with an ACL, so the bucket must accept them.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: props.accessLogRetention ?? Duration.days(90) }],
      removalPolicy,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket of the site bucket and the distribution; logging its own accesses into itself would loop.',
    });

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
    });

    this.contentSecurityPolicy = contentSecurityPolicy({
      connect: [props.signInUrl],
      frameAncestors: props.frameAncestors,
    });
    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Security headers of the hotline pages (as local/server.ts sends them, plus HSTS).',
      securityHeadersBehavior: {
        // frame-ancestors in the CSP instead of X-Frame-Options, which cannot allow the agent workspace.
        contentSecurityPolicy: { contentSecurityPolicy: this.contentSecurityPolicy, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Eviction-prevention hotline: agent and manager pages.',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
      },
      additionalBehaviors: {
        // Never cached: every answer is personal or live. With caching disabled, the AllViewer
        // origin request policies may forward Authorization (https://repost.aws/knowledge-center/cloudfront-authorization-header);
        // Host must not go to API Gateway, which routes by its own host name.
        '/api/*': {
          origin: new HttpOrigin(props.apiDomainName, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            // A dynamic reference, resolved by CloudFormation at deploy: the value is in neither the
            // template nor the repository. It does end up in the distribution's configuration, which
            // is acceptable: whoever may read that configuration (cloudfront:GetDistributionConfig)
            // can already change the distribution, and the value only proves "came through CloudFront".
            customHeaders: {
              [ORIGIN_VERIFY_HEADER]: (props.apiOriginSecretVersion === undefined
                ? props.apiOriginSecret.secretValue
                : SecretValue.secretsManager(props.apiOriginSecret.secretArn, {
                    versionId: props.apiOriginSecretVersion,
                  })
              ).unsafeUnwrap(),
            },
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.responseHeadersPolicy,
        },
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: the pages are static and hold no data; every request for data goes to the API, which requires a signed-in user with MFA. Staff may work from outside Austria.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'No WAF yet: the distribution serves a few static files with no data and no forms posting to it; a CloudFront web ACL must live in us-east-1 (a separate stack). Open point, tracked for the production hardening.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The distribution uses the default *.cloudfront.net certificate until a custom domain exists; CloudFront then fixes the viewer TLS policy itself and CDK refuses a minimumProtocolVersion. With a custom domain, add the certificate with SecurityPolicyProtocol.TLS_V1_2_2021 and drop this acknowledgement.',
    });

    // Its own role and log group instead of the default AWSLambdaBasicExecutionRole (logs:* on *).
    const deploymentLogs = new LogGroup(this, 'DeploymentLogs', { retention: RetentionDays.ONE_MONTH });
    const deploymentRole = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies web/ into the site bucket and invalidates the distribution, at deploy time.',
    });
    deploymentLogs.grantWrite(deploymentRole);
    this.deployment = new BucketDeployment(this, 'Deployment', {
      role: deploymentRole,
      logGroup: deploymentLogs,
      sources: [Source.asset(props.sourceDir ?? writeSite())],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: true,
      memoryLimit: 256,
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.acknowledgeDeployment(deploymentRole);
  }

  /** Deploys `/config.json` beside the pages: how they sign in (known only once the user pool exists). */
  addConfig(config: WebConfig): void {
    this.deployment.addSource(Source.jsonData('config.json', config));
  }

  /**
   * BucketDeployment's copy function is a CDK-provided singleton at stack level; CDK adds its grants
   * to our role. Each finding is acknowledged by its exact id, for what it is.
   */
  private acknowledgeDeployment(role: Role): void {
    const stack = Stack.of(this);
    const siteArn = logicalRef(stack, this.bucket.bucketArn);
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const assets = `arn:aws:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-${region}/*`;
    const readAssets = `reads the CDK asset bucket (the zipped web/ folder) and writes ${siteArn}; CDK generates these grants for BucketDeployment and they run only at deploy time.`;
    const findings: Record<string, string> = {
      'AwsSolutions-IAM5[Action::s3:GetBucket*]': `The deployment handler ${readAssets}`,
      'AwsSolutions-IAM5[Action::s3:GetObject*]': `The deployment handler ${readAssets}`,
      'AwsSolutions-IAM5[Action::s3:List*]': `The deployment handler ${readAssets}`,
      'AwsSolutions-IAM5[Action::s3:Abort*]': `The deployment handler ${readAssets}`,
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]': `The deployment handler prunes files removed from web/; ${readAssets}`,
      [`AwsSolutions-IAM5[Resource::${assets}]`]: `The deployment handler ${readAssets}`,
      [`AwsSolutions-IAM5[Resource::${siteArn}/*]`]: `The deployment handler ${readAssets}`,
      'AwsSolutions-IAM5[Resource::*]':
        'cloudfront:CreateInvalidation and GetInvalidation for the invalidation after each deploy: CDK grants them on *, the handler invalidates only this distribution.',
    };
    const validations = Validations.of(role);
    for (const [id, reason] of Object.entries(findings)) validations.acknowledge({ id, reason });
    const handler = stack.node
      .findAll()
      .find((node) => node.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (handler) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          "CDK's BucketDeployment handler runs the Python runtime aws-cdk-lib pins for it; it runs only at deploy time and moves on with aws-cdk-lib.",
      });
    }
  }
}
