variable "name" {
  description = "Prefix of every resource name, e.g. processo-municipal-production."
  type        = string
}

variable "documents_bucket_arn" {
  description = "ARN of the documents bucket."
  type        = string
}

variable "documents_prefix" {
  description = "The only key prefix the application may read and write (core.storage.TenantS3Storage)."
  type        = string
  default     = "tenants/"
}

variable "documents_kms_key_arn" {
  description = "KMS key of the documents bucket."
  type        = string
}

variable "secret_arns" {
  description = "Secrets the ECS agent injects into the containers."
  type        = list(string)
}

variable "runtime_secret_arns" {
  description = "Secrets the application reads itself at run time with its task role (the Tramita client certificate and key, tramita/credentials.py), so a rotation needs no redeploy."
  type        = list(string)
}

variable "secrets_kms_key_arn" {
  description = "KMS key of those secrets (injected and read at run time)."
  type        = string
}

variable "ecr_repository_arn" {
  description = "ECR repository of the application image."
  type        = string
}

variable "ecr_kms_key_arn" {
  description = "KMS key of the ECR repository."
  type        = string
}

variable "log_group_arns" {
  description = "CloudWatch log groups the containers write to."
  type        = list(string)
}

variable "metrics_namespace" {
  description = "CloudWatch namespace the queue-depth publisher (beat task) may write to."
  type        = string
}
