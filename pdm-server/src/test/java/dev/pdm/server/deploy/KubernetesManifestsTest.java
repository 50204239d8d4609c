package dev.pdm.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pdm.core.config.ConfigLoader;
import dev.pdm.core.config.PdmConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes, rendered as {@code kubectl apply -k} would (the base lists its resources, nothing is patched),
 * each document read into the Kubernetes API model with nothing unknown left over, then checked for what running
 * pdm needs: two replicas on an external PostgreSQL, secrets from a Secret, probes on the health endpoints.
 */
class KubernetesManifestsTest {
  private static final Path BASE = Path.of(System.getProperty("user.dir")).getParent().resolve("deploy/kubernetes");
  private static final YAMLMapper YAML = (YAMLMapper) new YAMLMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
      "v1/ServiceAccount", ServiceAccount.class, "v1/ConfigMap", ConfigMap.class, "v1/Service", Service.class,
      "v1/Secret", io.fabric8.kubernetes.api.model.Secret.class,
      "apps/v1/Deployment", Deployment.class, "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
      "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

  private static List<HasMetadata> rendered() throws Exception {
    JsonNode kustomization = YAML.readTree(BASE.resolve("kustomization.yaml").toFile());
    assertThat(kustomization.get("kind").asText()).isEqualTo("Kustomization");
    assertThat(kustomization.fieldNames()).toIterable().as("a plain base: only resources to render")
        .containsExactlyInAnyOrder("apiVersion", "kind", "resources");
    List<HasMetadata> resources = new ArrayList<>();
    for (JsonNode file : kustomization.get("resources")) {
      resources.add(strictly(BASE.resolve(file.asText())));
    }
    return resources;
  }

  private static HasMetadata strictly(Path file) throws Exception {
    JsonNode tree = YAML.readTree(file.toFile());
    String key = tree.get("apiVersion").asText() + "/" + tree.get("kind").asText();
    Class<? extends HasMetadata> type = KINDS.get(key);
    assertThat(type).as(file + ": " + key + " is one of the kinds pdm deploys").isNotNull();
    HasMetadata resource = YAML.treeToValue(tree, type);
    List<String> unknown = new ArrayList<>();
    unknownFields(resource, file.getFileName().toString(), unknown, new IdentityHashMap<>());
    assertThat(unknown).as("fields the Kubernetes API does not define (typos, wrong nesting)").isEmpty();
    return resource;
  }

  /** The model keeps what it does not know in additionalProperties: anything there is a field Kubernetes rejects. */
  private static void unknownFields(Object node, String path, List<String> unknown, Map<Object, Boolean> seen)
      throws Exception {
    if (node == null || seen.put(node, true) != null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", unknown, seen);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        unknownFields(entry.getValue(), path + "." + entry.getKey(), unknown, seen);
      }
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value = getter.invoke(node);
      if (getter.getName().equals("getAdditionalProperties")) {
        ((Map<?, ?>) value).keySet().forEach(field -> unknown.add(path + "." + field));
      } else {
        unknownFields(value, path + "." + getter.getName().substring(3), unknown, seen);
      }
    }
  }

  private static <T> T only(List<HasMetadata> resources, Class<T> type) {
    return resources.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
  }

  @Test
  void theBaseRendersToValidKubernetesObjectsOfEveryKindPdmNeeds() throws Exception {
    assertThat(rendered()).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap",
        "Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy");
    assertThat(strictly(BASE.resolve("secret.example.yaml")).getKind()).isEqualTo("Secret");
  }

  @Test
  void twoNonRootReplicasReadTheirSecretsFromTheSecretAndAreProbedOnTheHealthEndpoints() throws Exception {
    List<HasMetadata> resources = rendered();
    Deployment deployment = only(resources, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    Container pdm = pod.getContainers().get(0);
    assertThat(pdm.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(pdm.getVolumeMounts()).extracting(m -> m.getMountPath())
        .contains("/var/lib/pdm", "/tmp", "/etc/pdm");
    assertThat(pdm.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
    assertThat(pdm.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(pdm.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(pdm.getResources().getLimits()).containsKey("memory");
    Map<String, String> secretKeys = new HashMap<>();
    pdm.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
        .forEach(e -> secretKeys.put(e.getName(), e.getValueFrom().getSecretKeyRef().getKey()));
    assertThat(secretKeys).containsKeys("PDM_DATABASE_URL", "PDM_GITLAB_TOKEN", "PDM_GITLAB_WEBHOOK_SECRET",
        "PDM_METRICS_TOKEN");
    assertThat(pdm.getEnv()).allSatisfy(e -> assertThat(e.getValue()).as(e.getName() + " has no literal secret")
        .isNull());

    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(only(resources, Service.class).getSpec().getSelector());
    assertThat(podLabels).containsAllEntriesOf(only(resources, PodDisruptionBudget.class).getSpec().getSelector()
        .getMatchLabels());
    assertThat(podLabels).containsAllEntriesOf(only(resources, NetworkPolicy.class).getSpec().getPodSelector()
        .getMatchLabels());
    assertThat(only(resources, PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    Set<String> containerPorts = Set.copyOf(pdm.getPorts().stream().map(p -> p.getName()).toList());
    only(resources, Service.class).getSpec().getPorts().forEach(p ->
        assertThat(containerPorts).contains(p.getTargetPort().getStrVal()));
  }

  @Test
  void theConfigMapIsAConfigurationPdmAcceptsWithTheSecretsTheDeploymentProvides() throws Exception {
    List<HasMetadata> resources = rendered();
    String yaml = only(resources, ConfigMap.class).getData().get("pdm.yaml");
    Path file = Files.createTempFile("pdm", ".yaml");
    Files.writeString(file, yaml);
    PdmConfig config = ConfigLoader.load(Optional.of(file), Map.of(
        "PDM_DATABASE_URL", "postgresql://pdm:pw@postgres:5432/pdm", "PDM_GITLAB_TOKEN", "token",
        "PDM_GITLAB_WEBHOOK_SECRET", "a-webhook-secret-of-length", "PDM_METRICS_TOKEN", "metrics"), Map.of());
    assertThat(config.database().url()).as("replicas need an external PostgreSQL").isPresent();
    assertThat(config.metrics().port()).isEqualTo(9090);
    Deployment deployment = only(resources, Deployment.class);
    Container pdm = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(pdm.getPorts()).anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(config.metrics().port()))
        .anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(config.server().port()));
  }
}
