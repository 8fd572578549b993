output "cluster_name" {
  description = "ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "ecr_repository_url" {
  description = "Where releases push the image (tag = git commit)."
  value       = aws_ecr_repository.app.repository_url
}

output "ecr_repository_arn" {
  description = "ARN of the ECR repository."
  value       = aws_ecr_repository.app.arn
}

output "ecr_kms_key_arn" {
  description = "KMS key of the ECR repository."
  value       = aws_kms_key.ecr.arn
}

output "tasks_security_group_id" {
  description = "Security group of every task (allowed into the database and Redis)."
  value       = aws_security_group.tasks.id
}

output "migrate_task_definition" {
  description = "Family of the one-off migrate task."
  value       = aws_ecs_task_definition.migrate.family
}

output "service_names" {
  description = "ECS services: web, worker, beat."
  value       = [aws_ecs_service.web.name, aws_ecs_service.worker.name, aws_ecs_service.beat.name]
}
