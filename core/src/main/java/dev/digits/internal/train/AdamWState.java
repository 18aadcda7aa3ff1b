package dev.digits.internal.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.AdamW;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.run.ResumeState;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AdamW's state, out of and back into DJL's optimiser, for {@link ResumeState}.
 *
 * <p>DJL has no API for it: it lives in private fields, read and written here by reflection, as
 * DJL 0.36.0 declares them: {@code AdamW.means} and {@code AdamW.variances}
 * ({@code Map<String, Map<Device, NDArray>>}: parameter id, then device, to the moment, created on
 * a parameter's first update and then updated in place), {@code Optimizer.updateCounts}
 * ({@code Map<String, Integer>}: updates per parameter id) and {@code Optimizer.numUpdate} (the
 * largest count: the {@code t} of AdamW's bias correction). A DJL without these fields fails with
 * a one-line message, never silently. Parameter ids are made anew in every process
 * ({@code NDManager.nextUid}), so the state is keyed by the parameters' names.
 */
final class AdamWState {

    private AdamWState() {}

    /** The counters of {@code optimizer} for the trainable parameters of {@code block}, and its moments, encoded. */
    static Pair<ResumeState.Optimiser, byte[]> capture(AdamW optimizer, Block block) {
        Map<String, Map<Device, NDArray>> means = field(AdamW.class, "means", optimizer);
        Map<String, Map<Device, NDArray>> variances = field(AdamW.class, "variances", optimizer);
        Map<String, Integer> counts = field(Optimizer.class, "updateCounts", optimizer);
        List<String> names = new ArrayList<>();
        List<Integer> updates = new ArrayList<>();
        NDList moments = new NDList();
        for (Pair<String, Parameter> p : block.getParameters()) {
            String id = p.getValue().getId();
            Integer count = counts.get(id);
            if (!p.getValue().requiresGradient() || count == null) continue; // not updated yet: AdamW starts it from zero
            Device device = p.getValue().getArray().getDevice();
            names.add(p.getKey());
            updates.add(count);
            moments.add(moment(means, id, device, p.getKey()));
            moments.add(moment(variances, id, device, p.getKey()));
        }
        int numUpdate = (Integer) field(Optimizer.class, "numUpdate", optimizer);
        return new Pair<>(new ResumeState.Optimiser(names, updates, numUpdate), moments.isEmpty() ? new byte[0] : moments.encode());
    }

    /**
     * Puts a captured state into a fresh {@code optimizer} (no update made yet) whose network is
     * {@code block}; the moments are decoded into {@code manager}.
     */
    static void restore(AdamW optimizer, Block block, ResumeState state, NDManager manager) {
        ResumeState.Optimiser saved = state.optimiser();
        Map<String, Map<Device, NDArray>> means = field(AdamW.class, "means", optimizer);
        Map<String, Map<Device, NDArray>> variances = field(AdamW.class, "variances", optimizer);
        Map<String, Integer> counts = field(Optimizer.class, "updateCounts", optimizer);
        if (!means.isEmpty() || !counts.isEmpty()) throw new IllegalStateException("the optimiser has already made updates");
        Map<String, Parameter> byName = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) byName.put(p.getKey(), p.getValue());
        NDList moments = saved.parameters().isEmpty() ? new NDList() : decode(manager, state.moments());
        if (moments.size() != 2 * saved.parameters().size()) {
            throw mismatch(moments.size() + " moments for " + saved.parameters().size() + " parameters");
        }
        for (int i = 0; i < saved.parameters().size(); i++) {
            String name = saved.parameters().get(i);
            Parameter p = byName.get(name);
            if (p == null || !p.requiresGradient()) throw mismatch("no trainable parameter " + name + " in this network");
            NDArray weight = p.getArray();
            for (NDArray m : List.of(moments.get(2 * i), moments.get(2 * i + 1))) {
                if (!m.getShape().equals(weight.getShape()) || m.getDataType() != weight.getDataType()) {
                    throw mismatch(name + " is " + weight.getShape() + ", its moment " + m.getShape());
                }
            }
            Map<Device, NDArray> mean = new ConcurrentHashMap<>();
            mean.put(weight.getDevice(), moments.get(2 * i).toDevice(weight.getDevice(), false));
            Map<Device, NDArray> variance = new ConcurrentHashMap<>();
            variance.put(weight.getDevice(), moments.get(2 * i + 1).toDevice(weight.getDevice(), false));
            means.put(p.getId(), mean);
            variances.put(p.getId(), variance);
            counts.put(p.getId(), saved.updateCounts().get(i));
        }
        setField(Optimizer.class, "numUpdate", optimizer, saved.numUpdate());
    }

    private static NDList decode(NDManager manager, byte[] moments) {
        try {
            return NDList.decode(manager, moments);
        } catch (RuntimeException e) {
            throw mismatch("its moments cannot be decoded: " + e.getMessage());
        }
    }

    private static NDArray moment(Map<String, Map<Device, NDArray>> state, String id, Device device, String name) {
        Map<Device, NDArray> perDevice = state.get(id);
        NDArray m = perDevice == null ? null : perDevice.get(device);
        if (m == null) throw new IllegalStateException("AdamW counted updates of " + name + " but holds no moment for it");
        return m;
    }

    private static ModelException mismatch(String why) {
        return new ModelException("the resume state does not fit this network (" + why + ")");
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(Class<?> owner, String name, Object target) {
        try {
            return (T) declared(owner, name).get(target);
        } catch (IllegalAccessException e) {
            throw missing(owner, name, e);
        }
    }

    private static void setField(Class<?> owner, String name, Object target, int value) {
        try {
            declared(owner, name).setInt(target, value);
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw missing(owner, name, e);
        }
    }

    private static Field declared(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            throw missing(owner, name, e);
        }
    }

    private static IllegalStateException missing(Class<?> owner, String name, Exception e) {
        return new IllegalStateException("cannot reach " + owner.getSimpleName() + "." + name + " in this DJL (the optimiser"
                + " state is read from DJL 0.36's private fields; see AdamWState): " + e, e);
    }
}
