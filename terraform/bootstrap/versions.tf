terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
  # Local state on purpose: this creates the bucket and table the environments keep
  # their state in. Run once per AWS account; keep terraform.tfstate in a safe place.
}

provider "aws" {
  region = var.region

  default_tags {
    tags = { Project = "processo-municipal", ManagedBy = "terraform" }
  }
}
