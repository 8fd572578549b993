variable "name" {
  description = "Prefix of every resource name, e.g. processo-municipal-production."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the database."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets (one per availability zone) for the DB subnet group."
  type        = list(string)
}

variable "allowed_security_group_ids" {
  description = "Security groups (the ECS tasks) allowed to connect on 5432."
  type        = list(string)
}

variable "engine_version" {
  description = "PostgreSQL version; a major version lets RDS apply minor upgrades."
  type        = string
  default     = "16"
}

variable "parameter_group_family" {
  description = "Parameter group family matching engine_version."
  type        = string
  default     = "postgres16"
}

variable "instance_class" {
  description = "RDS instance class, e.g. db.t4g.medium (small) or db.r7g.xlarge (large)."
  type        = string
}

variable "allocated_storage" {
  description = "Initial gp3 storage in GiB."
  type        = number
  default     = 50
}

variable "max_allocated_storage" {
  description = "Upper bound in GiB for storage autoscaling."
  type        = number
  default     = 500
}

variable "multi_az" {
  description = "Synchronous standby in a second availability zone."
  type        = bool
  default     = true
}

variable "backup_retention_days" {
  description = "Days of automated backups; point-in-time recovery covers this window."
  type        = number
  default     = 14

  validation {
    condition     = var.backup_retention_days >= 7 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 7 and 35."
  }
}

variable "database_name" {
  description = "Name of the database that holds every schema."
  type        = string
  default     = "processo_municipal"
}

variable "master_username" {
  description = "Master user; owns the database and every tenant schema."
  type        = string
  default     = "processo"
}

variable "master_password" {
  description = "Master password, read from the database-password secret by the environment."
  type        = string
  sensitive   = true
}

variable "max_locks_per_transaction" {
  description = "Lock slots per transaction: pg_dump and migrations touch every table of every schema."
  type        = number
  default     = 1024
}

variable "deletion_protection" {
  description = "Refuse to delete the instance (turn off explicitly before a destroy)."
  type        = bool
  default     = true
}

variable "secrets_kms_key_arn" {
  description = "KMS key of Secrets Manager, for the composed DATABASE_URL secret."
  type        = string
}

variable "recovery_window_in_days" {
  description = "Days the deleted DATABASE_URL secret can still be restored."
  type        = number
  default     = 30
}
