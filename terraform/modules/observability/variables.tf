variable "name" {
  description = "Prefix of every resource name, e.g. processo-municipal-production."
  type        = string
}

variable "log_retention_days" {
  description = "Days the application log groups are kept."
  type        = number
  default     = 365
}

variable "alarm_email" {
  description = "Address subscribed to the alarm topics (empty: no subscription; confirm the e-mail AWS sends)."
  type        = string
  default     = ""
}

variable "alb_arn_suffix" {
  description = "ARN suffix of the ALB (CloudWatch dimension LoadBalancer)."
  type        = string
}

variable "alb_5xx_threshold" {
  description = "5xx responses per 5 minutes (ALB's own plus the targets') that raise the alarm."
  type        = number
  default     = 25
}

variable "db_identifier" {
  description = "RDS instance identifier."
  type        = string
}

variable "db_cpu_threshold" {
  description = "Average database CPU percentage over 15 minutes that raises the alarm."
  type        = number
  default     = 80
}

variable "db_free_storage_threshold_gib" {
  description = "Free database storage in GiB below which the alarm is raised."
  type        = number
  default     = 10
}

variable "cache_replication_group_id" {
  description = "ElastiCache replication group ID (memory alarm)."
  type        = string
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the Celery queue-depth metric (published from the beat task)."
  type        = string
}

variable "environment" {
  description = "Environment name, the Environment dimension of the queue-depth metric."
  type        = string
}

variable "queues" {
  description = "Celery queues to watch (config/celery.py)."
  type        = list(string)
  default     = ["default", "provisioning", "tramita"]
}

variable "queue_depth_threshold" {
  description = "Messages waiting in one queue for 10 minutes that raise the alarm."
  type        = number
  default     = 500
}

variable "readiness_fqdn" {
  description = "Host probed by the Route 53 health check on https://<host>/readyz (the state's apex domain)."
  type        = string
}
