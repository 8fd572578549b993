variable "name" {
  description = "Prefix of every resource name, e.g. processo-municipal-production."
  type        = string
}

variable "environment" {
  description = "Environment name (staging, production): a dimension of the queue-depth metric."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the tasks."
  type        = string
}

variable "vpc_cidr_block" {
  description = "IPv4 range of the VPC (database, cache and endpoints are inside it)."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets of the tasks."
  type        = list(string)
}

variable "alb_security_group_id" {
  description = "Security group of the ALB, allowed into the web tasks."
  type        = string
}

variable "target_group_arn" {
  description = "Target group the web service registers in."
  type        = string
}

variable "https_listener_arn" {
  description = "HTTPS listener forwarding to the target group; the web service waits for it."
  type        = string
}

variable "alb_request_count_label" {
  description = "<alb arn suffix>/<target group arn suffix>, for request-count autoscaling of web."
  type        = string
}

variable "image_tag" {
  description = "Tag of the application image in the ECR repository (the git commit of the release)."
  type        = string
}

variable "app_port" {
  description = "Port gunicorn listens on."
  type        = number
  default     = 8000
}

variable "app_environment" {
  description = "Plain environment variables of every container (see .env.example)."
  type        = map(string)
}

variable "app_secrets" {
  description = "Environment variables injected from Secrets Manager: variable name => secret ARN."
  type        = map(string)
}

variable "execution_role_arn" {
  description = "Role the ECS agent uses to start the tasks."
  type        = string
}

variable "app_task_role_arn" {
  description = "Role of the web, worker and migrate containers."
  type        = string
}

variable "beat_task_role_arn" {
  description = "Role of the beat task."
  type        = string
}

variable "log_group_names" {
  description = "Log group of each container kind: web, worker, beat, migrate, ecs-exec."
  type        = map(string)
}

variable "logs_kms_key_arn" {
  description = "KMS key of the log groups (ECS Exec session logs)."
  type        = string
}

variable "web" {
  description = "Size and scaling of the web service (gunicorn)."
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
  description = "Size and scaling of the Celery worker service (queues default, provisioning, tramita)."
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

variable "beat" {
  description = "Size of the single Celery beat task (plus the queue-depth publisher)."
  type = object({
    cpu    = number
    memory = number
  })
  default = { cpu = 256, memory = 512 }
}

variable "migrate" {
  description = "Size of the one-off migrate task (`manage.py bootstrap`, `migrate_schemas`)."
  type = object({
    cpu    = number
    memory = number
  })
  default = { cpu = 1024, memory = 2048 }
}

variable "queues" {
  description = "Celery queues the worker consumes and the publisher measures (config/celery.py)."
  type        = list(string)
  default     = ["default", "provisioning", "tramita"]
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the queue-depth metric."
  type        = string
}
