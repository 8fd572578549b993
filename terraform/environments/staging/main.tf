# The whole platform of one environment, composed from ../../modules.

locals {
  name              = "processo-municipal-${var.environment}"
  metrics_namespace = "ProcessoMunicipal"
  queues            = ["default", "provisioning", "tramita"]
}

module "observability" {
  source = "../../modules/observability"
  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  name                       = local.name
  environment                = var.environment
  log_retention_days         = var.log_retention_days
  alarm_email                = var.alarm_email
  alb_arn_suffix             = module.edge.alb_arn_suffix
  db_identifier              = module.database.identifier
  cache_replication_group_id = module.cache.replication_group_id
  metrics_namespace          = local.metrics_namespace
  queues                     = local.queues
  readiness_fqdn             = var.domain
}

module "network" {
  source = "../../modules/network"

  name               = local.name
  cidr_block         = var.vpc_cidr_block
  availability_zones = var.availability_zones
  single_nat_gateway = var.single_nat_gateway
  logs_kms_key_arn   = module.observability.logs_kms_key_arn
  log_retention_days = var.log_retention_days
}

module "secrets" {
  source = "../../modules/secrets"

  name = local.name
}

# Values operators put into Secrets Manager before the second apply (docs/deploy.md).
data "aws_secretsmanager_secret_version" "database_password" {
  secret_id = module.secrets.secret_arns["database-password"]
}

data "aws_secretsmanager_secret_version" "redis_auth_token" {
  secret_id = module.secrets.secret_arns["redis-auth-token"]
}

module "storage" {
  source = "../../modules/storage"

  name                  = local.name
  documents_bucket_name = var.documents_bucket_name
  logs_bucket_name      = var.logs_bucket_name
  object_lock_enabled   = var.object_lock_enabled
  force_destroy         = var.force_destroy_buckets
}

module "database" {
  source = "../../modules/database"

  name                       = local.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.private_subnet_ids
  allowed_security_group_ids = [module.compute.tasks_security_group_id]
  instance_class             = var.db_instance_class
  allocated_storage          = var.db_allocated_storage
  max_allocated_storage      = var.db_max_allocated_storage
  multi_az                   = var.db_multi_az
  backup_retention_days      = var.db_backup_retention_days
  master_password            = data.aws_secretsmanager_secret_version.database_password.secret_string
  deletion_protection        = var.deletion_protection
  secrets_kms_key_arn        = module.secrets.kms_key_arn
}

module "cache" {
  source = "../../modules/cache"

  name                       = local.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.private_subnet_ids
  allowed_security_group_ids = [module.compute.tasks_security_group_id]
  node_type                  = var.cache_node_type
  replicas                   = var.cache_replicas
  auth_token                 = data.aws_secretsmanager_secret_version.redis_auth_token.secret_string
  logs_kms_key_arn           = module.observability.logs_kms_key_arn
  log_retention_days         = var.log_retention_days
  secrets_kms_key_arn        = module.secrets.kms_key_arn
}

module "edge" {
  source = "../../modules/edge"

  name                = local.name
  domain              = var.domain
  route53_zone_id     = var.route53_zone_id
  vpc_id              = module.network.vpc_id
  vpc_cidr_block      = module.network.vpc_cidr_block
  public_subnet_ids   = module.network.public_subnet_ids
  access_logs_bucket  = module.storage.logs_bucket_name
  access_logs_prefix  = module.storage.alb_logs_prefix
  deletion_protection = var.deletion_protection
  logs_kms_key_arn    = module.observability.logs_kms_key_arn
  log_retention_days  = var.log_retention_days
}

locals {
  app_secrets = {
    DJANGO_SECRET_KEY = module.secrets.secret_arns["django-secret-key"]
    DATABASE_URL      = module.database.database_url_secret_arn
    REDIS_URL         = module.cache.redis_url_secret_arn
    EMAIL_URL         = module.secrets.secret_arns["email-url"]
    # gov.br Login Único (accounts/govbr.py)
    GOVBR_CLIENT_SECRET = module.secrets.secret_arns["govbr-client-secret"]
  }
  # Tramita GOV.BR client certificate and key: ARNs in the environment, values read by
  # tramita/credentials.py with the app task role and cached a few minutes.
  tramita_secrets = [
    module.secrets.secret_arns["tramita-certificate"],
    module.secrets.secret_arns["tramita-private-key"],
  ]
}

module "iam" {
  source = "../../modules/iam"

  name                  = local.name
  documents_bucket_arn  = module.storage.documents_bucket_arn
  documents_kms_key_arn = module.storage.documents_kms_key_arn
  # What the ECS agent injects at start (above); the Tramita certificate and key are
  # not injected but read by the application at run time (rotation without a redeploy).
  secret_arns         = values(local.app_secrets)
  runtime_secret_arns = local.tramita_secrets
  secrets_kms_key_arn = module.secrets.kms_key_arn
  ecr_repository_arn  = module.compute.ecr_repository_arn
  ecr_kms_key_arn     = module.compute.ecr_kms_key_arn
  log_group_arns      = module.observability.log_group_arns
  metrics_namespace   = local.metrics_namespace
}

module "compute" {
  source = "../../modules/compute"

  name                    = local.name
  environment             = var.environment
  vpc_id                  = module.network.vpc_id
  vpc_cidr_block          = module.network.vpc_cidr_block
  private_subnet_ids      = module.network.private_subnet_ids
  alb_security_group_id   = module.edge.alb_security_group_id
  target_group_arn        = module.edge.target_group_arn
  https_listener_arn      = module.edge.https_listener_arn
  alb_request_count_label = "${module.edge.alb_arn_suffix}/${module.edge.target_group_arn_suffix}"
  image_tag               = var.image_tag
  execution_role_arn      = module.iam.execution_role_arn
  app_task_role_arn       = module.iam.app_task_role_arn
  beat_task_role_arn      = module.iam.beat_task_role_arn
  log_group_names         = module.observability.log_group_names
  logs_kms_key_arn        = module.observability.logs_kms_key_arn
  metrics_namespace       = local.metrics_namespace
  queues                  = local.queues
  web                     = var.web
  worker                  = var.worker
  app_secrets             = local.app_secrets
  app_environment = merge(
    {
      DJANGO_SETTINGS_MODULE  = "config.settings.prod"
      DJANGO_DEBUG            = "false"
      BASE_DOMAIN             = var.domain
      AWS_STORAGE_BUCKET_NAME = module.storage.documents_bucket_name
      AWS_S3_REGION_NAME      = var.region
      AWS_S3_ENDPOINT_URL     = "https://s3.${var.region}.amazonaws.com"
      AWS_S3_ADDRESSING_STYLE = "virtual"
      LOG_LEVEL               = "INFO"
      GOVBR_BASE_URL          = var.govbr_base_url
      GOVBR_CLIENT_ID         = var.govbr_client_id
      TRAMITA_BASE_URL        = var.tramita_base_url
      TRAMITA_CERT_SECRET     = local.tramita_secrets[0]
      TRAMITA_KEY_SECRET      = local.tramita_secrets[1]
      TRAMITA_CREDENTIALS_TTL = tostring(var.tramita_credentials_ttl_seconds)
    },
    var.app_environment,
  )
}
