variable "name" {
  description = "Prefix of every resource name, e.g. processo-municipal-production."
  type        = string
}

variable "documents_bucket_name" {
  description = "Globally unique name of the documents bucket (AWS_STORAGE_BUCKET_NAME)."
  type        = string
}

variable "logs_bucket_name" {
  description = "Globally unique name of the bucket receiving S3 server access logs and ALB access logs."
  type        = string
}

variable "object_lock_enabled" {
  description = "Create the documents bucket with S3 Object Lock, so archived documents can be made immutable (only at creation)."
  type        = bool
  default     = false
}

variable "object_lock_default_retention_days" {
  description = "Default COMPLIANCE retention for every new object version when object lock is on; 0 leaves retention to each object (the archive)."
  type        = number
  default     = 0
}

variable "infrequent_access_after_days" {
  description = "Days after which current document versions move to STANDARD_IA."
  type        = number
  default     = 90
}

variable "glacier_after_days" {
  description = "Days after which current document versions move to GLACIER_IR."
  type        = number
  default     = 365
}

variable "noncurrent_version_expiration_days" {
  description = "Days a replaced or deleted document version is kept before it expires."
  type        = number
  default     = 365
}

variable "logs_expiration_days" {
  description = "Days access logs are kept."
  type        = number
  default     = 400
}

variable "force_destroy" {
  description = "Allow destroying non-empty buckets (staging only)."
  type        = bool
  default     = false
}
