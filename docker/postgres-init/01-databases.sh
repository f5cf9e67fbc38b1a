#!/bin/bash
# One PostgreSQL server, two databases: the warehouse (raw, audit, staging, marts …) and Airflow's
# metadata. Runs once, when the data volume is first initialised (docker-entrypoint-initdb.d).
# The warehouse role may create roles: the pipeline creates the read-only role budgetwh_reader
# itself after each dbt build (ingest/warehouse/reader_role.py), grants it SELECT on the marts (default
# privileges FOR ROLE the warehouse role, which builds them) and sets its password from
# BUDGETWH_READER_PASSWORD; a role created here instead could not be altered by the warehouse role.
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v warehouse_db="$WAREHOUSE_DB" -v warehouse_user="$WAREHOUSE_USER" -v warehouse_password="$WAREHOUSE_PASSWORD" \
    -v airflow_db="$AIRFLOW_DB" -v airflow_user="$AIRFLOW_DB_USER" -v airflow_password="$AIRFLOW_DB_PASSWORD" <<'SQL'
create role :"warehouse_user" login createrole password :'warehouse_password';
create database :"warehouse_db" owner :"warehouse_user";

create role :"airflow_user" login password :'airflow_password';
create database :"airflow_db" owner :"airflow_user";
SQL
