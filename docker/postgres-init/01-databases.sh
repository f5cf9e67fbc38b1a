#!/bin/bash
# One PostgreSQL server, two databases: the warehouse (raw, audit, staging, marts …) and Airflow's
# metadata. Runs once, when the data volume is first initialised (docker-entrypoint-initdb.d).
# Also creates a read-only role for BI tools, with SELECT on every mart dbt builds later (dbt runs
# as the warehouse role, so the default privileges are granted FOR ROLE that role).
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v warehouse_db="$WAREHOUSE_DB" -v warehouse_user="$WAREHOUSE_USER" -v warehouse_password="$WAREHOUSE_PASSWORD" \
    -v airflow_db="$AIRFLOW_DB" -v airflow_user="$AIRFLOW_DB_USER" -v airflow_password="$AIRFLOW_DB_PASSWORD" \
    -v reader_user="$BI_READER_USER" -v reader_password="$BI_READER_PASSWORD" <<'SQL'
create role :"warehouse_user" login password :'warehouse_password';
create database :"warehouse_db" owner :"warehouse_user";

create role :"airflow_user" login password :'airflow_password';
create database :"airflow_db" owner :"airflow_user";

create role :"reader_user" login password :'reader_password';
grant connect on database :"warehouse_db" to :"reader_user";

\connect :"warehouse_db"
create schema if not exists marts authorization :"warehouse_user";
grant usage on schema marts to :"reader_user";
alter default privileges for role :"warehouse_user" in schema marts grant select on tables to :"reader_user";
SQL
