output "ecr_repository_url" {
  description = "Push release images here (tag = git commit)."
  value       = module.compute.ecr_repository_url
}

output "cluster_name" {
  description = "ECS cluster of the services and the migrate task."
  value       = module.compute.cluster_name
}

output "migrate_task_definition" {
  description = "One-off task run at every release before the services roll."
  value       = module.compute.migrate_task_definition
}

output "private_subnet_ids" {
  description = "Subnets for `aws ecs run-task` (migrate)."
  value       = module.network.private_subnet_ids
}

output "tasks_security_group_id" {
  description = "Security group for `aws ecs run-task` (migrate)."
  value       = module.compute.tasks_security_group_id
}

output "alb_dns_name" {
  description = "DNS name of the load balancer."
  value       = module.edge.alb_dns_name
}

output "database_address" {
  description = "Host name of the database (from inside the VPC)."
  value       = module.database.address
}

output "documents_bucket_name" {
  description = "Documents bucket."
  value       = module.storage.documents_bucket_name
}

output "secret_arns" {
  description = "Secrets to fill before the second apply."
  value       = module.secrets.secret_arns
}

output "alarm_topic_arn" {
  description = "SNS topic of the alarms."
  value       = module.observability.alarm_topic_arn
}
