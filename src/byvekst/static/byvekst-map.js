/* Project map: the coastline (Natural Earth, shipped with the app), area outlines and project locations, drawn with
   Leaflet. Background tiles only when the site sets a tile server (many of our users' networks block them).
   Area names are shown where they do not cover a project; every name is also in the tooltip and in the list
   beside the map. A form field with id "id_location_text", when present, receives a GeoJSON point where the map
   is clicked. */
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var read = function (id) { var s = document.getElementById(id); return s ? JSON.parse(s.textContent) : []; };
  var map = L.map(el, { attributionControl: false, zoomControl: false });
  L.control.zoom({ zoomInTitle: el.dataset.zoomIn, zoomOutTitle: el.dataset.zoomOut }).addTo(map);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 18 }).addTo(map);
  } else {
    el.classList.add("sea");
    map.createPane("coast").style.zIndex = 250;
    if (el.dataset.coast && window.fetch) {
      fetch(el.dataset.coast).then(function (r) { return r.ok ? r.json() : null; }).then(function (land) {
        if (land) {
          L.geoJSON(land, { pane: "coast", interactive: false,
            style: { color: "#8a8f94", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 } }).addTo(map);
        }
      }).catch(function () { /* the map still shows areas and projects without the coastline */ });
    }
  }
  var layers = [], points = [], labels = [];
  var esc = function (t) { return String(t).replace(/&/g, "&amp;").replace(/</g, "&lt;"); };
  read("map-points").forEach(function (p) {
    if (!p.location) { return; }
    // A cluster (many projects close together) is one larger circle with their number; its popup names them.
    var layer = L.geoJSON(p.location, {
      pointToLayer: function (f, latlng) {
        points.push(latlng);
        var marker = L.circleMarker(latlng, p.count ?
          { radius: Math.min(22, 9 + Math.sqrt(p.count) * 2), color: "#1b1f24", fillColor: "#ffbf47", fillOpacity: 0.9 } :
          { radius: 7, color: "#1b1f24", fillColor: "#ffbf47", fillOpacity: 1 });
        if (p.count) { marker.bindTooltip(String(p.count), { permanent: true, direction: "center", className: "cluster-count" }); }
        return marker;
      }
    }).bindPopup(p.count ? esc(p.title) + ": " + p.codes.map(esc).join(", ") + (p.count > p.codes.length ? " …" : "") :
      '<a href="' + p.url + '">' + esc(p.code) + "</a> " + esc(p.title));
    layers.push(layer);
  });
  read("map-areas").forEach(function (a) {
    if (!a.outline) { return; }
    var layer = L.geoJSON(a.outline, { style: { color: "#00563f", weight: 2, fillOpacity: 0.05 } })
      .bindTooltip(a.name, { sticky: true }).addTo(map);
    labels.push({ name: a.name, layer: layer });
  });
  layers.forEach(function (l) { l.addTo(map); });
  var all = L.featureGroup(labels.map(function (l) { return l.layer; }).concat(layers));
  if (all.getLayers().length) { map.fitBounds(all.getBounds().pad(0.1)); } else { map.setView([60.39, 5.32], 10); }
  // A permanent name for each area, placed at the first point of its outline's box that is clear of projects and
  // of the names already placed; an area with no clear spot keeps only its tooltip.
  var placed = [];
  var clear = function (pt, w) {
    var box = L.bounds([pt.x - w / 2, pt.y - 10], [pt.x + w / 2, pt.y + 10]);
    return points.every(function (ll) { return !box.contains(map.latLngToContainerPoint(ll)); }) &&
      placed.every(function (b) { return !box.intersects(b); });
  };
  labels.forEach(function (l) {
    var b = l.layer.getBounds(), c = b.getCenter(), w = l.name.length * 7 + 12;
    var tries = [c, L.latLng(b.getNorth(), c.lng), L.latLng(b.getSouth(), c.lng), L.latLng(c.lat, b.getWest()), L.latLng(c.lat, b.getEast())];
    for (var i = 0; i < tries.length; i++) {
      var pt = map.latLngToContainerPoint(tries[i]);
      if (clear(pt, w)) {
        placed.push(L.bounds([pt.x - w / 2, pt.y - 10], [pt.x + w / 2, pt.y + 10]));
        L.tooltip({ permanent: true, direction: "center", className: "area-label", interactive: false })
          .setLatLng(tries[i]).setContent(l.name.replace(/</g, "&lt;")).addTo(map);
        break;
      }
    }
  });
  var target = document.getElementById("id_location_text");
  if (target) {
    var marker = null;
    map.on("click", function (e) {
      var point = { type: "Point", coordinates: [Number(e.latlng.lng.toFixed(5)), Number(e.latlng.lat.toFixed(5))] };
      target.value = JSON.stringify(point);
      if (marker) { map.removeLayer(marker); }
      marker = L.circleMarker(e.latlng, { radius: 8, color: "#a4000f" }).addTo(map);
    });
  }
});
