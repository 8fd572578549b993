variable "name" {
  description = "Prefix of every resource name, e.g. processo-municipal-production."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the cache."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the cache subnet group."
  type        = list(string)
}

variable "allowed_security_group_ids" {
  description = "Security groups (the ECS tasks) allowed to connect on 6379."
  type        = list(string)
}

variable "node_type" {
  description = "ElastiCache node type, e.g. cache.t4g.small (small) or cache.r7g.large (large)."
  type        = string
}

variable "replicas" {
  description = "Read replicas besides the primary; at least 1 for automatic failover."
  type        = number
  default     = 1

  validation {
    condition     = var.replicas >= 1 && var.replicas <= 5
    error_message = "replicas must be between 1 and 5 (failover needs one)."
  }
}

variable "engine_version" {
  description = "Redis OSS engine version."
  type        = string
  default     = "7.1"
}

variable "auth_token" {
  description = "AUTH token, read from the redis-auth-token secret by the environment."
  type        = string
  sensitive   = true
}

variable "snapshot_retention_days" {
  description = "Days of daily snapshots (Celery messages and cache only; 1 is enough)."
  type        = number
  default     = 3
}

variable "logs_kms_key_arn" {
  description = "KMS key of the CloudWatch log groups (slow log)."
  type        = string
}

variable "log_retention_days" {
  description = "Days the slow log is kept."
  type        = number
  default     = 365
}

variable "secrets_kms_key_arn" {
  description = "KMS key of Secrets Manager, for the composed REDIS_URL secret."
  type        = string
}

variable "recovery_window_in_days" {
  description = "Days the deleted REDIS_URL secret can still be restored."
  type        = number
  default     = 30
}
