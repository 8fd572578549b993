variable "environment" {
  description = "Environment name; part of every resource name."
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production."
  }
}

variable "region" {
  description = "AWS region of the platform."
  type        = string
  default     = "sa-east-1"
}

variable "availability_zones" {
  description = "Availability zones of the VPC."
  type        = list(string)
  default     = ["sa-east-1a", "sa-east-1b", "sa-east-1c"]
}

variable "vpc_cidr_block" {
  description = "IPv4 range of the VPC."
  type        = string
}

variable "single_nat_gateway" {
  description = "One NAT gateway instead of one per zone (cheaper, less available)."
  type        = bool
  default     = false
}

variable "domain" {
  description = "BASE_DOMAIN: the state's host; municipalities are <slug>.<domain>."
  type        = string
}

variable "route53_zone_id" {
  description = "Hosted zone of var.domain."
  type        = string
}

variable "image_tag" {
  description = "Image tag to run (the git commit of the release)."
  type        = string
}

variable "documents_bucket_name" {
  description = "Globally unique name of the documents bucket."
  type        = string
}

variable "logs_bucket_name" {
  description = "Globally unique name of the access-logs bucket."
  type        = string
}

variable "object_lock_enabled" {
  description = "Create the documents bucket with S3 Object Lock (cannot be changed later)."
  type        = bool
  default     = false
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
}

variable "db_allocated_storage" {
  description = "Initial database storage in GiB."
  type        = number
}

variable "db_max_allocated_storage" {
  description = "Maximum database storage in GiB (storage autoscaling)."
  type        = number
}

variable "db_multi_az" {
  description = "Multi-AZ standby for the database."
  type        = bool
  default     = true
}

variable "db_backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery window)."
  type        = number
  default     = 14
}

variable "cache_node_type" {
  description = "ElastiCache node type."
  type        = string
}

variable "cache_replicas" {
  description = "Redis replicas besides the primary."
  type        = number
  default     = 1
}

variable "web" {
  description = "Size and scaling of the web service."
  type = object({
    cpu               = number
    memory            = number
    min_count         = number
    max_count         = number
    gunicorn_workers  = number
    cpu_target        = number
    requests_per_task = number
  })
}

variable "worker" {
  description = "Size and scaling of the worker service."
  type = object({
    cpu                = number
    memory             = number
    min_count          = number
    max_count          = number
    concurrency        = number
    cpu_target         = number
    queue_depth_target = number
  })
}

variable "log_retention_days" {
  description = "Days every log group is kept."
  type        = number
  default     = 365
}

variable "alarm_email" {
  description = "Address that receives the alarms (empty: none)."
  type        = string
  default     = ""
}

variable "deletion_protection" {
  description = "Deletion protection of the database and the load balancer."
  type        = bool
  default     = true
}

variable "force_destroy_buckets" {
  description = "Allow destroying non-empty buckets (never in production)."
  type        = bool
  default     = false
}

variable "app_environment" {
  description = "Extra plain environment variables of the containers (see .env.example), e.g. STATE_NAME, LOG_LEVEL."
  type        = map(string)
  default     = {}
}

variable "govbr_base_url" {
  description = "gov.br Login Único base URL (production https://sso.acesso.gov.br, staging https://sso.staging.acesso.gov.br)."
  type        = string
  default     = "https://sso.acesso.gov.br"
}

variable "tramita_base_url" {
  description = "Tramita GOV.BR REST base URL (homologation https://homolog.api.processoeletronico.gov.br/interoperabilidade/rest/v3/, production https://api.conectagov.processoeletronico.gov.br/interoperabilidade/rest/v3/); each needs its own client certificate."
  type        = string
  default     = "https://api.conectagov.processoeletronico.gov.br/interoperabilidade/rest/v3/"
}

variable "tramita_credentials_ttl_seconds" {
  description = "Seconds the application caches the Tramita certificate and key read from Secrets Manager: the longest a rotation takes to be used."
  type        = number
  default     = 300
}

variable "govbr_client_id" {
  description = "Client id of this platform's gov.br integration (its secret is in Secrets Manager, govbr-client-secret)."
  type        = string
}
